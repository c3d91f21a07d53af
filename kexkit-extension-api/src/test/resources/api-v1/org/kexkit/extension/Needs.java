package org.kexkit.extension;

import java.util.ArrayList;
import java.util.List;

/** What an extension needs from the dump's kernel, checked by the host before {@link Extension#start}. */
public final class Needs {
    private static final Needs NONE = new Needs(List.of());

    private final List<Need> all;

    private Needs(List<Need> all) {
        this.all = List.copyOf(all);
    }

    public static Needs none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every need, in the order declared. */
    public List<Need> all() {
        return all;
    }

    /** Collects needs; each method returns this. */
    public static final class Builder {
        private final List<Need> needs = new ArrayList<>();

        private Builder() {
        }

        public Builder symbol(String name) {
            return add(Need.Kind.SYMBOL, name, "", true);
        }

        public Builder optionalSymbol(String name) {
            return add(Need.Kind.SYMBOL, name, "", false);
        }

        public Builder struct(String name) {
            return add(Need.Kind.STRUCT, name, "", true);
        }

        public Builder member(String struct, String member) {
            return add(Need.Kind.MEMBER, struct, member, true);
        }

        public Builder optionalMember(String struct, String member) {
            return add(Need.Kind.MEMBER, struct, member, false);
        }

        private Builder add(Need.Kind kind, String name, String member, boolean mandatory) {
            needs.add(new Need(kind, name, member, mandatory));
            return this;
        }

        public Needs build() {
            return new Needs(needs);
        }
    }
}
