package io.phoenix.protocol.swarm;

import java.util.List;

/** A swarm definition breaks one or more rules. Permanent: the file must be fixed. */
public class InvalidSwarmDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidSwarmDefinitionException(List<String> problems) {
        super("invalid swarm definition: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each a complete sentence naming the offending entry. */
    public List<String> problems() {
        return problems;
    }
}
