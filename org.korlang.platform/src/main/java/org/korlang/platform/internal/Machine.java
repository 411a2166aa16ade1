package org.korlang.platform.internal;

import java.util.Locale;

/**
 * The machine the JVM runs on, named the way ports name themselves: OS {@code linux} or
 * {@code macos}, processor {@code x86_64} or {@code aarch64}. Anything else keeps the JVM's own
 * (lower-cased) name, so that a report can say precisely what nobody ports to yet.
 */
record Machine(String os, String processor) {

    static Machine current() {
        return of(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
    }

    static Machine of(String jvmOsName, String jvmOsArch) {
        String os = jvmOsName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "macos";
        }
        String cpu = jvmOsArch.toLowerCase(Locale.ROOT);
        if (cpu.equals("amd64") || cpu.equals("x86-64") || cpu.equals("x64")) {
            cpu = "x86_64";
        } else if (cpu.equals("arm64")) {
            cpu = "aarch64";
        }
        return new Machine(os, cpu);
    }
}
