package io.odock.core.plugins;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

import java.util.List;

/**
 * A plugin's class loader: the SPI and the libraries that cross it (Jackson, SLF4J, PF4J) always come from the host,
 * so a value a plugin builds is the same class the host reads; everything else is loaded from the plugin first, so a
 * plugin may bring its own version of any other library.
 */
final class HostFirstClassLoader extends PluginClassLoader {
    /** Packages that must be shared with the host; a plugin bundling them would break the SPI's types. */
    static final List<String> HOST_PACKAGES = List.of(
            "io.odock.spi.", "com.fasterxml.jackson.", "org.slf4j.", "org.pf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        for (String prefix : HOST_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return super.shouldDelegateToParent(className);
    }
}
