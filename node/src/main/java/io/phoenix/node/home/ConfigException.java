package io.phoenix.node.home;

/**
 * The configuration file is malformed or holds a bad value. The message starts with
 * {@code file:line:column:} pointing at the offending key; fixing the file is the only remedy.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
