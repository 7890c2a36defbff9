package io.phoenix.node.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * The source paths of one layer. With one path the layer's root listing is that directory's
 * contents (or that file); with several, it holds one entry per path named after its last component.
 */
public record LayerSource(String layer, List<Path> paths) {
    public LayerSource {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) throw new IllegalArgumentException("layer " + layer + " has no source path");
    }
}
