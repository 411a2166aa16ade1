package org.korlang.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class MachineAndPortTest {

    private static final List<Machine.ProcessorNames> PORTS = List.of(
            new Machine.ProcessorNames("x86_64", Set.of("amd64", "x86_64", "x86-64")),
            new Machine.ProcessorNames("aarch64", Set.of("aarch64", "arm64")));

    @Test
    void jvmNamesAreNamedByThePortsThatAnswerThem() {
        assertEquals(new Machine("linux", "x86_64"), Machine.of("Linux", "amd64", PORTS));
        assertEquals(new Machine("linux", "aarch64"), Machine.of("Linux", "aarch64", PORTS));
        assertEquals(new Machine("macos", "aarch64"), Machine.of("Mac OS X", "arm64", PORTS));
        assertEquals(new Machine("macos", "x86_64"), Machine.of("Mac OS X", "x86_64", PORTS));
        assertEquals(new Machine("windows 11", "riscv64"), Machine.of("Windows 11", "riscv64", PORTS), "no port: the JVM's name");
        assertEquals(new Machine("linux", "amd64"), Machine.of("Linux", "AMD64", List.of()), "no list of processors of our own");
        List<Machine.ProcessorNames> withNewCpu = List.of(new Machine.ProcessorNames("riscv64", Set.of("riscv64")));
        assertEquals(new Machine("linux", "riscv64"), Machine.of("Linux", "riscv64", withNewCpu));
    }

    @Test
    void portHeadersAreParsed() {
        Port arch = Port.of(bundleWithHeader("arch;processor=x86_64;os.arch=\"amd64,X86_64, x86-64\"")).orElseThrow();
        assertEquals(Port.Kind.ARCH, arch.kind());
        assertEquals("x86_64", arch.target());
        assertEquals(Set.of("amd64", "x86_64", "x86-64"), arch.osArchNames());
        Port os = Port.of(bundleWithHeader("os; name=\"macos\"")).orElseThrow();
        assertEquals(Port.Kind.OS, os.kind());
        assertEquals("macos", os.target());
    }

    @Test
    void bundlesWithoutOrWithMalformedHeadersAreNotPorts() {
        assertTrue(Port.of(bundleWithHeader(null)).isEmpty());
        assertTrue(Port.of(bundleWithHeader("gpu;model=x")).isEmpty());
        assertTrue(Port.of(bundleWithHeader("arch;name=x86_64")).isEmpty());
        assertTrue(Port.of(bundleWithHeader("os")).isEmpty());
    }

    private static Bundle bundleWithHeader(String value) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (value != null) {
            headers.put(Port.HEADER, value);
        }
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getHeaders")) {
                        return headers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
