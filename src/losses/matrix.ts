/**
 * The matrix forms the losses accept and return, and their validation.
 *
 * A `Matrix` is either nested arrays (`number[][]`, row-major, every row the same length) or a
 * `DenseMatrix` (`{ data: Float64Array, rows, cols }`, row-major: element (i, j) is
 * `data[i * cols + j]`). Every function returns its gradient in the form it was given.
 */

/** Row-major float64 matrix: element (i, j) is `data[i * cols + j]`. */
export interface DenseMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Nested arrays (`number[][]`, all rows the same length) or a `DenseMatrix`. */
export type Matrix = number[][] | DenseMatrix;

/** What to allow besides finite numbers (CTC log-probabilities may be −∞). */
export interface MatrixCheck {
  /** Who is asking and what the argument is called, e.g. "softDtw: cost". */
  what: string;
  allowNegativeInfinity?: boolean;
}

/**
 * Validate a Matrix and view it as a DenseMatrix. A DenseMatrix is used as is (not copied);
 * nested arrays are copied into a new Float64Array. Throws a one-line TypeError/RangeError naming
 * the offending row, column or value.
 */
export function toDense(m: Matrix, check: MatrixCheck): DenseMatrix {
  const { what } = check;
  if (Array.isArray(m)) return nestedToDense(m, check);
  if (m === null || typeof m !== "object") {
    throw new TypeError(`${what} must be number[][] or { data: Float64Array, rows, cols }, got ${describe(m)}`);
  }
  const { data, rows, cols } = m as Partial<DenseMatrix>;
  if (!(data instanceof Float64Array)) {
    throw new TypeError(`${what}.data must be a Float64Array, got ${describe(data)}`);
  }
  if (!isPositiveInt(rows) || !isPositiveInt(cols)) {
    throw new RangeError(`${what} must have positive integer rows and cols, got ${rows} × ${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`${what}.data has ${data.length} elements, expected rows × cols = ${rows} × ${cols} = ${rows * cols}`);
  }
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (!(v - v === 0) && !(check.allowNegativeInfinity && v === -Infinity)) {
      throw new RangeError(`${what}[${Math.floor(k / cols)}][${k % cols}] is ${v}; expected a finite number`);
    }
  }
  return { data, rows, cols };
}

/**
 * Rows and columns of a Matrix without reading its entries (so a size limit can be checked before
 * anything of that size is touched). Throws for non-matrices and empty ones; `toDense` does the rest.
 */
export function matrixShape(m: Matrix, check: MatrixCheck): { rows: number; cols: number } {
  const { what } = check;
  if (Array.isArray(m)) {
    if (m.length === 0) throw new RangeError(`${what} is empty (0 rows)`);
    if (!Array.isArray(m[0])) throw new TypeError(`${what}[0] must be an array of numbers, got ${describe(m[0])}`);
    if (m[0].length === 0) throw new RangeError(`${what} is empty (0 columns)`);
    return { rows: m.length, cols: m[0].length };
  }
  if (m === null || typeof m !== "object") {
    throw new TypeError(`${what} must be number[][] or { data: Float64Array, rows, cols }, got ${describe(m)}`);
  }
  const { rows, cols } = m as Partial<DenseMatrix>;
  if (!isPositiveInt(rows) || !isPositiveInt(cols)) {
    throw new RangeError(`${what} must have positive integer rows and cols, got ${rows} × ${cols}`);
  }
  return { rows, cols };
}

function nestedToDense(m: unknown[], check: MatrixCheck): DenseMatrix {
  const { what } = check;
  const rows = m.length;
  if (rows === 0) throw new RangeError(`${what} is empty (0 rows)`);
  const first = m[0];
  if (!Array.isArray(first)) throw new TypeError(`${what}[0] must be an array of numbers, got ${describe(first)}`);
  const cols = first.length;
  if (cols === 0) throw new RangeError(`${what} is empty (0 columns)`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = m[i];
    if (!Array.isArray(row)) throw new TypeError(`${what}[${i}] must be an array of numbers, got ${describe(row)}`);
    if (row.length !== cols) {
      throw new RangeError(`${what}[${i}] has ${row.length} columns, expected ${cols} (ragged number[][])`);
    }
    for (let j = 0; j < cols; j++) {
      const v: unknown = row[j];
      if (typeof v !== "number") throw new TypeError(`${what}[${i}][${j}] must be a number, got ${describe(v)}`);
      if (!(v - v === 0) && !(check.allowNegativeInfinity && v === -Infinity)) {
        throw new RangeError(`${what}[${i}][${j}] is ${v}; expected a finite number`);
      }
      data[i * cols + j] = v;
    }
  }
  return { data, rows, cols };
}

/** Return `data` (row-major rows × cols) in the form of `like`: nested arrays or a DenseMatrix. */
/**
 * The array a gradient of `length` entries is written into: `out` when given (checked: a
 * Float64Array of exactly that length, with a dense input, not the input's own array), else a new one.
 */
export function gradientArray(out: unknown, length: number, input: Matrix, inputData: Float64Array, who: string): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (!(out instanceof Float64Array)) throw new TypeError(`${who}: out must be a Float64Array, got ${describe(out)}`);
  if (Array.isArray(input)) throw new TypeError(`${who}: out needs a { data, rows, cols } input (a number[][] input gets a number[][] gradient)`);
  if (out.length !== length) throw new RangeError(`${who}: out has ${out.length} elements, the gradient needs ${length}`);
  if (out.buffer === inputData.buffer) throw new RangeError(`${who}: out shares its memory with the input; pass a separate array`);
  return out;
}

export function sameFormAs(like: Matrix, data: Float64Array, rows: number, cols: number): Matrix {
  if (!Array.isArray(like)) return { data, rows, cols };
  const out: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) row[j] = data[i * cols + j];
    out[i] = row;
  }
  return out;
}

export function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

/** A short description of an unexpected value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return (v as object).constructor?.name ?? "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}
