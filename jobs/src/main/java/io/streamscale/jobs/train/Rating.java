package io.streamscale.jobs.train;

/** One rating as read from a file. */
public record Rating(int userId, int movieId, float rating, long timestamp) {}
