package org.kexkit.pmem;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What /sys/bus/nd/devices says, as plain values (drivers/nvdimm: region_devs.c,
 * namespace_devs.c, pfn_devs.c and dax_devs.c attributes). Empty when libnvdimm is not loaded.
 */
public record NdBus(List<Region> regions, List<Namespace> namespaces, List<Claim> claims) {
    public static final NdBus EMPTY = new NdBus(List.of(), List.of(), List.of());

    public NdBus {
        regions = List.copyOf(regions);
        namespaces = List.copyOf(namespaces);
        claims = List.copyOf(claims);
    }

    /** regionX: {@code resource} (hex) and {@code size} (decimal). */
    public record Region(String name, long resource, long size) {
    }

    /**
     * namespaceX.Y.
     *
     * @param resource    its start; empty for a namespace with no capacity (a seed)
     * @param size        bytes
     * @param modeAttr    the {@code mode} attribute: raw, safe, memory or dax
     * @param holder      the {@code holder} attribute: the claiming pfn/dax/btt device, or empty
     * @param uuid        the {@code uuid} attribute; absent for label-less (io) namespaces
     * @param forceRaw    the {@code force_raw} attribute
     * @param blockDevice the block device the namespace itself drives (raw mode), as named in its block/ directory
     */
    public record Namespace(String name, String region, OptionalLong resource, long size, String modeAttr,
            String holder, Optional<String> uuid, boolean forceRaw, Optional<String> blockDevice) {
    }

    /**
     * A pfnX.Y, daxX.Y or bttX.Y device claiming a namespace.
     *
     * @param mode     the {@code mode} attribute (pfn, dax): none, ram or pmem
     * @param resource the {@code resource} attribute: where the user data starts; readable only while the
     *                 device is enabled (pfn_devs.c resource_show: ENXIO otherwise)
     * @param align    the {@code align} attribute
     * @param uuid     the {@code uuid} attribute (the pfn or dax device's, also in its info block)
     */
    public record Claim(String name, String namespace, Optional<PfnMode> mode, OptionalLong resource, OptionalLong align,
            Optional<String> uuid) {
        public boolean isPfn() {
            return name.startsWith("pfn");
        }

        public boolean isDax() {
            return name.startsWith("dax");
        }

        public boolean isBtt() {
            return name.startsWith("btt");
        }
    }

    public Optional<Region> region(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Namespace> namespace(String name) {
        return namespaces.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<Claim> claim(String name) {
        return claims.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
