package io.streamscale.runtime;

import io.streamscale.common.Versions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The symbol versions a shared library needs from the libraries it links (what {@code objdump -T} shows in brackets):
 * read from its ELF {@code .gnu.version_r} section, so the check needs no binutils on the machine that builds.
 */
final class ElfVersionNeeds {
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    private static final int EM_X86_64 = 62;

    private ElfVersionNeeds() {}

    /** A 64-bit little-endian x86-64 ELF file (the only kind a DAS-5 or SLURM node loads). */
    static boolean isX8664(byte[] elf) {
        return elf.length > 64
                && elf[0] == 0x7f
                && elf[1] == 'E'
                && elf[2] == 'L'
                && elf[3] == 'F'
                && elf[4] == 2
                && elf[5] == 1
                && buffer(elf).getShort(18) == EM_X86_64;
    }

    /** Every version name needed, such as GLIBC_2.14 or GLIBCXX_3.4.19, in file order. */
    static List<String> of(byte[] elf) {
        ByteBuffer b = buffer(elf);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_GNU_VERNEED) {
                continue;
            }
            long offset = b.getLong(sh + 0x18);
            int count = b.getInt(sh + 0x2C); // sh_info: the number of Verneed entries
            int strtab =
                    (int) b.getLong((int) (shoff + (long) b.getInt(sh + 0x28) * shentsize) + 0x18); // sh_link's offset
            int need = (int) offset;
            for (int n = 0; n < count; n++) {
                int aux = need + b.getInt(need + 8);
                for (int a = 0; a < Short.toUnsignedInt(b.getShort(need + 2)); a++) {
                    names.add(string(elf, strtab + b.getInt(aux + 8)));
                    aux += b.getInt(aux + 12);
                }
                need += b.getInt(need + 12);
            }
        }
        return names;
    }

    /** The highest version of {@code prefix} (GLIBC or GLIBCXX) among {@code names}, such as "2.14". */
    static Optional<String> highest(List<String> names, String prefix) {
        return names.stream()
                .filter(n -> n.startsWith(prefix + "_")
                        && n.substring(prefix.length() + 1).matches("[0-9.]+"))
                .map(n -> n.substring(prefix.length() + 1))
                .max(Versions::compare);
    }

    private static String string(byte[] elf, int at) {
        int end = at;
        while (elf[end] != 0) {
            end++;
        }
        return new String(elf, at, end - at, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer buffer(byte[] elf) {
        return ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    }
}
