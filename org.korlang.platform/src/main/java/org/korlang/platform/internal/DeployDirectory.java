package org.korlang.platform.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The deploy directory ({@code felix.fileinstall.dir}, {@code $KORLANG_HOME/deploy} under
 * {@code bin/korlang}) as the batch runner sees it: a {@code bin/korlang -c} script must see what is
 * deployed there installed and ACTIVE, as after any restart, but Apache FileInstall installs and
 * starts the directory's jars on its own thread, after its bundle has started.
 *
 * <p>{@link #waitingFor} names the first deployed jar that FileInstall has not finished with yet, or
 * returns null. A jar is finished when its bundle (location = the file's URI) is ACTIVE, is a
 * fragment, or can never start: it was started but does not resolve (FileInstall logs why). A jar
 * that FileInstall never installs (not a bundle, or a second copy of an installed one) is waited for
 * only {@link #INSTALL_GRACE_NANOS} after FileInstall became ACTIVE, then skipped, so a bad file in
 * the directory delays a batch by seconds, never blocks it. Without FileInstall, nothing is waited for.
 */
final class DeployDirectory {

    static final String DIR_PROPERTY = "felix.fileinstall.dir";
    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    /** How long a jar in the directory may stay uninstalled once FileInstall runs: a few polls. */
    static final long INSTALL_GRACE_NANOS = 10_000_000_000L;

    private DeployDirectory() {
    }

    /** Whether {@code bundle} was installed from the deploy directory (FileInstall manages it). */
    static boolean isDeployed(BundleContext context, Bundle bundle) {
        Path dir = dir(context);
        Path file = fileOf(bundle.getLocation());
        return dir != null && file != null && dir.equals(file.getParent());
    }

    /**
     * What the deploy directory is still waiting for, or null. {@code fileInstallActiveSince} is the
     * {@link System#nanoTime()} at which the caller first saw FileInstall ACTIVE (0: not yet).
     */
    static String waitingFor(BundleContext context, long fileInstallActiveSince) {
        Path dir = dir(context);
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        Bundle fileInstall = fileInstall(context);
        if (fileInstall == null) {
            return null;
        }
        if (fileInstall.getState() != Bundle.ACTIVE || fileInstallActiveSince == 0) {
            return "FileInstall has not started on " + dir;
        }
        Map<Path, Bundle> deployed = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            Path file = fileOf(bundle.getLocation());
            if (file != null) {
                deployed.put(file, bundle);
            }
        }
        boolean graceOver = System.nanoTime() - fileInstallActiveSince > INSTALL_GRACE_NANOS;
        for (Path jar : jars(dir)) {
            Bundle bundle = deployed.get(jar);
            if (bundle == null) {
                if (graceOver) {
                    continue; // FileInstall did not install it; it has logged why
                }
                return jar.getFileName() + " in " + dir + " is not installed yet";
            }
            if (bundle.getState() == Bundle.ACTIVE || bundle.getHeaders("").get("Fragment-Host") != null) {
                continue;
            }
            if (bundle.getState() == Bundle.INSTALLED && !resolvable(context, bundle)) {
                continue; // it will never start: FileInstall has logged the missing requirement
            }
            return jar.getFileName() + " in " + dir + " is " + PortReport.stateName(bundle.getState());
        }
        return null;
    }

    static Bundle fileInstall(BundleContext context) {
        for (Bundle bundle : context.getBundles()) {
            if (FILEINSTALL.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static boolean resolvable(BundleContext context, Bundle bundle) {
        return context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(Set.of(bundle));
    }

    private static Path dir(BundleContext context) {
        String dir = context.getProperty(DIR_PROPERTY);
        return dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    /** The file of a {@code file:} location, or null for any other location. */
    static Path fileOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException notAFile) {
            return null;
        }
    }

    private static List<Path> jars(Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    jars.add(file.toAbsolutePath().normalize());
                }
            }
        } catch (IOException unreadable) {
            return List.of(); // FileInstall cannot read it either
        }
        return jars;
    }
}
