// Loads the `toBeAllclose` matcher's type augmentation of vitest for `tsc` (vitest registers the
// matcher itself through setupFiles).
import "@langevin/test-utils/setup";
