package io.streamscale.study;

import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.RuntimeShipper;
import io.streamscale.cluster.Site;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.model.ModelCache;
import io.streamscale.model.ModelSpec;
import io.streamscale.remote.Shell;
import io.streamscale.run.ModelTrainer;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.scheduler.Allocation;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Trains a model on a node of a one-node reservation of its own, before the runs that use it. For per-run reservations
 * too short to hold a run and its model's training together (DAS-5's 15-minute daytime reservations): the first run
 * then finds the model in the cache. The node trains; this machine only orchestrates and keeps the model.
 */
final class TrainingReservation {
    private TrainingReservation() {}

    /** @return the cached model, with the node that trained it */
    static ModelTrainer.Result train(
            SiteSettings settings,
            Duration length,
            ModelSpec spec,
            RuntimeLayout localRuntime,
            TemplateRenderer templates,
            ModelCache cache,
            Path stateDir,
            BooleanSupplier cancelled,
            List<String> logLines) {
        String tag = "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (Allocation a = Reservation.hold(settings, 1, length, cancelled)) {
            Site site = settings.site(a);
            Layout.Host host = a.hosts().get(0);
            Transport transport = site.transport(tag, new StateDir(stateDir));
            boolean ships = !site.isLocal() && !site.sharedFilesystem();
            try (Remotes remotes = new Remotes(transport)) {
                try {
                    RuntimeLayout runtime = ships
                            ? RuntimeShipper.ship(localRuntime, List.of(host.name()), remotes, site.runtimeCache())
                            : localRuntime;
                    ModelTrainer.Place place = new ModelTrainer.Place(
                            new Node(host.name(), host.address(), Set.of()),
                            remotes.apply(host.name()),
                            runtime,
                            ships ? transport.nodeRoot() + "/trainer" : null);
                    return new ModelTrainer(templates, cache).obtain(spec, place, tag, cancelled, logLines);
                } finally {
                    if (!site.isLocal()) {
                        remotes.apply(host.name())
                                .exec("rm -rf " + Shell.quote(transport.nodeRoot()), Duration.ofMinutes(2));
                    }
                }
            }
        }
    }

    static ModelTrainer.Result train(
            SiteSettings settings,
            Duration length,
            ModelSpec spec,
            RuntimeLayout localRuntime,
            TemplateRenderer templates,
            ModelCache cache,
            Path stateDir,
            BooleanSupplier cancelled) {
        return train(settings, length, spec, localRuntime, templates, cache, stateDir, cancelled, new ArrayList<>());
    }
}
