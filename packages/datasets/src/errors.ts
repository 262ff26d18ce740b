import { LangevinError } from "@langevin/core/base";

/**
 * A data file of a source package is not in the layout this package reads (a changed or damaged
 * install): names the file and the byte where reading stopped.
 * @example
 * try { mnist({ size: 28, seed: 1 }); } catch (e) { if (e instanceof DatasetFormatError) console.log(e.file, e.offset); }
 */
export class DatasetFormatError extends LangevinError {
  override name = "DatasetFormatError";
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`${file}: ${detail} (at byte ${offset})`);
  }
}
