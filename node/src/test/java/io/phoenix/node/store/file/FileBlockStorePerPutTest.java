package io.phoenix.node.store.file;

/** The contract against the file store with an fsync on every put. */
class FileBlockStorePerPutTest extends FileBlockStoreTest {
    @Override
    protected FileStoreOptions options() {
        return FileStoreOptions.DEFAULTS.withDurability(Durability.PER_PUT);
    }
}
