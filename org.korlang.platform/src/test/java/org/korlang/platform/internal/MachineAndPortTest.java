package org.korlang.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class MachineAndPortTest {

    @Test
    void jvmNamesAreNormalisedToPortNames() {
        assertEquals(new Machine("linux", "x86_64"), Machine.of("Linux", "amd64"));
        assertEquals(new Machine("linux", "aarch64"), Machine.of("Linux", "aarch64"));
        assertEquals(new Machine("macos", "aarch64"), Machine.of("Mac OS X", "arm64"));
        assertEquals(new Machine("macos", "x86_64"), Machine.of("Mac OS X", "x86_64"));
        assertEquals(new Machine("windows 11", "riscv64"), Machine.of("Windows 11", "riscv64"));
    }

    @Test
    void theRunningMachineIsNamedLikeItsPorts() {
        Machine here = Machine.current();
        assertTrue(here.processor().equals("x86_64") || here.processor().equals("aarch64") || !here.processor().isEmpty());
        assertEquals(System.getProperty("os.name").startsWith("Linux") ? "linux" : here.os(), here.os());
    }

    @Test
    void portHeadersAreParsed() {
        Port arch = Port.of(bundleWithHeader("arch;processor=x86_64")).orElseThrow();
        assertEquals(Port.Kind.ARCH, arch.kind());
        assertEquals("x86_64", arch.target());
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
