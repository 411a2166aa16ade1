package org.korlang.os.common;

import java.nio.ByteBuffer;

import org.korlang.os.FileStat;

/*
 * Where one kernel keeps the fields of its struct stat.
 *
 * Layouts differ in more than order: Linux x86_64 has a 64-bit st_nlink before a 32-bit st_mode,
 * the generic layout (aarch64) has both 32-bit and mode first, Darwin's stat64 has 16-bit mode and
 * nlink. A field is therefore an (offset, width) pair; widths 2 and 4 are read unsigned, 8 as a
 * signed long. The buffer handed to parse is the port's own scratch memory in native order, into
 * which the kernel just wrote a whole struct of size() bytes.
 */

/** The offsets and widths of the {@code struct stat} fields that {@link FileStat} carries. */
public final class StatLayout {

    /** One field: byte offset and width (2, 4 or 8). */
    public record Field(int offset, int width) {
        public Field {
            if (offset < 0 || (width != 2 && width != 4 && width != 8)) {
                throw new IllegalArgumentException("bad field " + offset + "/" + width);
            }
        }

        long read(ByteBuffer buffer, int base) {
            int at = base + offset;
            return switch (width) {
                case 2 -> Short.toUnsignedLong(buffer.getShort(at));
                case 4 -> Integer.toUnsignedLong(buffer.getInt(at));
                default -> buffer.getLong(at);
            };
        }
    }

    private final int size;
    private final Field device, inode, mode, links, uid, gid, fileSize, blockSize, blocks, mtimeSeconds, mtimeNanos;

    private StatLayout(Builder b) {
        this.size = b.size;
        this.device = b.device;
        this.inode = b.inode;
        this.mode = b.mode;
        this.links = b.links;
        this.uid = b.uid;
        this.gid = b.gid;
        this.fileSize = b.fileSize;
        this.blockSize = b.blockSize;
        this.blocks = b.blocks;
        this.mtimeSeconds = b.mtimeSeconds;
        this.mtimeNanos = b.mtimeNanos;
        for (Field f : new Field[] {device, inode, mode, links, uid, gid, fileSize, blockSize, blocks, mtimeSeconds, mtimeNanos}) {
            if (f == null || f.offset() + f.width() > size) {
                throw new IllegalArgumentException("stat layout incomplete or field outside " + size + " bytes");
            }
        }
    }

    /** Size in bytes of the whole structure (the kernel writes this many). */
    public int size() { return size; }

    /** Reads a structure that starts at {@code base} in {@code buffer}. */
    public FileStat parse(ByteBuffer buffer, int base) {
        long seconds = mtimeSeconds.read(buffer, base);
        long nanos = mtimeNanos.read(buffer, base);
        return new FileStat(
                device.read(buffer, base),
                inode.read(buffer, base),
                (int) mode.read(buffer, base),
                links.read(buffer, base),
                (int) uid.read(buffer, base),
                (int) gid.read(buffer, base),
                fileSize.read(buffer, base),
                blockSize.read(buffer, base),
                blocks.read(buffer, base),
                seconds * 1_000_000_000L + nanos);
    }

    public static Builder builder(int size) { return new Builder(size); }

    /** Builds a layout field by field; every field is required. */
    public static final class Builder {
        private final int size;
        private Field device, inode, mode, links, uid, gid, fileSize, blockSize, blocks, mtimeSeconds, mtimeNanos;

        private Builder(int size) { this.size = size; }

        public Builder device(int offset, int width) { device = new Field(offset, width); return this; }
        public Builder inode(int offset, int width) { inode = new Field(offset, width); return this; }
        public Builder mode(int offset, int width) { mode = new Field(offset, width); return this; }
        public Builder links(int offset, int width) { links = new Field(offset, width); return this; }
        public Builder uid(int offset, int width) { uid = new Field(offset, width); return this; }
        public Builder gid(int offset, int width) { gid = new Field(offset, width); return this; }
        public Builder size(int offset, int width) { fileSize = new Field(offset, width); return this; }
        public Builder blockSize(int offset, int width) { blockSize = new Field(offset, width); return this; }
        public Builder blocks(int offset, int width) { blocks = new Field(offset, width); return this; }
        public Builder mtime(int secondsOffset, int nanosOffset) {
            mtimeSeconds = new Field(secondsOffset, 8);
            mtimeNanos = new Field(nanosOffset, 8);
            return this;
        }

        public StatLayout build() { return new StatLayout(this); }
    }
}
