package dev.provenant.cli;

import java.io.PrintStream;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Logging of a client command (everything but {@code provenant server}): the libraries' INFO, WARN
 * and ERROR lines go to stderr as {@code provenant: <message>}. The jar carries logback for the
 * server, but starting it costs a client command a noticeable part of its start (it looks for
 * configuration files, then configures a DEBUG console logger on stdout, where a command's
 * {@code --json} document goes).
 */
public final class CliLogging implements SLF4JServiceProvider {

    /** Makes SLF4J use this provider; call before anything logs. */
    static void install() {
        System.setProperty("slf4j.provider", CliLogging.class.getName());
        // without its note that it loads the provider named here
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory loggers = name -> new StderrLogger(name);

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to configure
    }

    /** INFO and above to stderr. */
    static final class StderrLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        StderrLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
            PrintStream err = System.err;
            String text = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            err.println("provenant: " + (level == Level.INFO ? "" : level.name().toLowerCase() + ": ") + text
                    + (throwable == null ? "" : " (" + throwable + ")"));
        }
    }
}
