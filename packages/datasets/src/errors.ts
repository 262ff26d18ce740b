import { LangevinError } from "@langevin/core/base";

/**
 * A data file of a source package is not in the layout this package reads (a changed or damaged
 * install): names the file and the byte where reading stopped.
 * @example
 * try { mnist({ size: 28, seed: 1 }); } catch (e) { if (e instanceof DatasetFormatError) console.log(e.file, e.offset); }
 */
export class DatasetFormatError extends LangevinError {
  /** Always `"DatasetFormatError"`. */
  override name = "DatasetFormatError";
  constructor(
    /** The data file, as a path inside its source package. */
    readonly file: string,
    /** The byte offset in `file` where reading stopped. */
    readonly offset: number,
    detail: string,
  ) {
    super(`${file}: ${detail} (at byte ${offset})`);
  }
}
