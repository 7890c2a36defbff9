package io.phoenix.node.cli;

import io.phoenix.protocol.store.StoreFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** Turns an exception escaping a command into one line on stderr and an {@link ExitCode}. */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) t = u.getCause();
        int code = ExitCode.FAILURE;
        String message;
        if (t instanceof CliException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else if (t instanceof IOException io) {
            message = describe(io);
        } else {
            message = "internal error: " + t;
        }
        cl.getErr().println("phoenix: " + message);
        if (code == ExitCode.FAILURE && !(t instanceof CliException) && !(t instanceof IOException)) {
            t.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return code;
    }

    /** A one-line description of an I/O failure, with a hint for the common ones. */
    static String describe(IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            msg = fse.getReason() + ": " + fse.getFile();
        }
        if (e instanceof StoreFullException || msg.contains("No space left on device")) {
            return "disk full: " + msg + " (no snapshot was published and nothing stored before was changed;"
                    + " free space and run the command again)";
        }
        return e.getClass().getSimpleName().equals("IOException") ? msg : e.getClass().getSimpleName() + ": " + msg;
    }
}
