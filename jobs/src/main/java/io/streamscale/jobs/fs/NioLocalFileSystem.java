package io.streamscale.jobs.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with permissions set through java.nio instead of a forked {@code chmod}.
 *
 * <p>Without Hadoop's native library (not on Maven Central) {@link RawLocalFileSystem#setPermission} runs
 * {@code chmod} as a child process, and every file Hadoop creates with a permission (each checkpoint and sink-log entry,
 * its .crc, each Parquet file) pays for one fork of a JVM. Measured with strace on a running scorer: several forks per
 * micro-batch in the driver and in the executor, a good part of the 100–400 ms the checkpoint commits took per batch
 * on two cores. Set as {@code fs.file.impl} (the scorer does it for the driver and the executors).
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw file system underneath the checksums; the only change is {@link #setPermission}. */
    public static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
        }
    }

    /** The nine rwx bits of a mode (setuid, setgid and sticky are not settable through java.nio and Hadoop never asks here). */
    static Set<PosixFilePermission> posix(short mode) {
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
        };
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }
}
