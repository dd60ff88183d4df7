package io.odock.core.plugins;

import io.odock.spi.SpiVersion;
import org.pf4j.BasePluginLoader;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.RuntimeMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PF4J's manager set up the way the gateway needs it: always in deployment mode, the SPI version as the system version
 * (so {@code Plugin-Requires} is really checked; PF4J's default {@code 0.0.0} lets every plugin pass), and
 * {@link HostFirstClassLoader} for both single-jar and folder plugins.
 */
final class OdockPluginManager extends DefaultPluginManager {

    OdockPluginManager(Path pluginsDir) {
        super(pluginsDir);
        setSystemVersion(SpiVersion.current());
        setExactVersionAllowed(false);
    }

    /** The plugin files and folders found in the plugins directory (zips already expanded). */
    List<Path> candidatePaths() {
        return pluginRepository.getPluginPaths();
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return new HostFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                    }
                })
                .add(new BasePluginLoader(this, new DefaultPluginClasspath()) {
                    @Override
                    public boolean isApplicable(Path path) {
                        return Files.isDirectory(path);
                    }

                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return new HostFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                    }
                });
    }
}
