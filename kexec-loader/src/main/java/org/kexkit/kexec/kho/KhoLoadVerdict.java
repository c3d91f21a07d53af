package org.kexkit.kexec.kho;

/** What {@link KhoLoadPolicy} says about one load while Kexec HandOver may be on. */
public sealed interface KhoLoadVerdict {
    /** Whether the load would lose handed-over data, or may: a front end must not load without its user's say. */
    boolean refuses();

    /** Nothing to check: KHO is off, or a crash kernel (which never gets KHO data) is loaded. */
    record NotApplicable() implements KhoLoadVerdict {
        @Override
        public boolean refuses() {
            return false;
        }
    }

    /** The next kernel takes everything; {@code outcome.result().warnings()} may still say something. */
    record Takes(KhoPreflight.Outcome outcome) implements KhoLoadVerdict {
        @Override
        public boolean refuses() {
            return false;
        }
    }

    /** The next kernel would (or may) drop handed-over data: {@code outcome.result().lossSummary()}. */
    record Drops(KhoPreflight.Outcome outcome) implements KhoLoadVerdict {
        @Override
        public boolean refuses() {
            return true;
        }
    }

    /** The check could not be made (an unreadable image, an unreadable debugfs): the data may be dropped. */
    record Unchecked(Exception cause) implements KhoLoadVerdict {
        @Override
        public boolean refuses() {
            return true;
        }
    }

    /** A kexec_load: it carries no KHO data at all, so every subtree would be dropped. */
    record NothingHandedOver() implements KhoLoadVerdict {
        @Override
        public boolean refuses() {
            return true;
        }
    }
}
