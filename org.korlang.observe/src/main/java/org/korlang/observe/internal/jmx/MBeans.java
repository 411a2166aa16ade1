package org.korlang.observe.internal.jmx;

import java.lang.management.ManagementFactory;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registration in the platform MBean server, so JConsole, VisualVM and {@code jcmd} see the beans
 * next to the JDK's. The {@code org.korlang} domain is ours: a name already taken there (a second
 * framework in the same JVM) is reported and skipped, never overwritten.
 */
final class MBeans {

    static final String DOMAIN = "org.korlang";
    private static final System.Logger LOG = System.getLogger(MBeans.class.getName());

    private MBeans() {
    }

    static ObjectName name(String type, String name) {
        try {
            String value = name == null ? null : name.matches("[A-Za-z0-9._ -]+") ? name : ObjectName.quote(name);
            return new ObjectName(DOMAIN + ":type=" + type + (value == null ? "" : ",name=" + value));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("bad MBean name part " + type + "/" + name, e);
        }
    }

    static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    /** Registers; false (and one log line) when the name is taken or the bean is refused. */
    static boolean register(Object bean, ObjectName name) {
        try {
            server().registerMBean(bean, name);
            return true;
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, "MBean " + name + " not registered: " + e);
            return false;
        }
    }

    static void unregister(ObjectName name) {
        try {
            server().unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // already gone
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, "MBean " + name + " not unregistered: " + e);
        }
    }
}
