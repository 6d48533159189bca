import type { World } from "../state/world.ts";
import type { ArrowFileStream } from "./arrow.ts";
import type { ColumnSpec } from "./columns.ts";

type RowWriter = (w: World, values: Float64Array[], row: number) => void;

/**
 * One straight-line function that reads every column into row `row`, generated
 * once per run: each `read` gets its own call site, which V8 can inline, where a
 * loop over the columns makes one call site that sees them all and inlines none.
 */
function compileRowWriter(columns: readonly ColumnSpec[]): RowWriter {
  const body = columns.map((_, k) => `v[${k}][row] = c[${k}].read(w);`).join("\n");
  return new Function("c", `return function writeRow(w, v, row) {\n${body}\n};`)(
    columns,
  ) as RowWriter;
}

/**
 * Per-step metrics recorder. Columns are preallocated for `batchRows` rows;
 * when full they are flushed as one Arrow record batch, so memory stays
 * constant however many steps a run has. Every row carries `run`, `point` and
 * `step`.
 */
export class Recorder {
  private readonly runCol: Int32Array;
  private readonly pointCol: Int32Array;
  private readonly stepCol: Int32Array;
  private readonly values: Float64Array[];
  private readonly writeRow: RowWriter;
  private rows = 0;
  /** Rows written so far (flushed or pending). */
  totalRows = 0;

  constructor(
    columns: readonly ColumnSpec[],
    private readonly out: ArrowFileStream,
    private readonly runIndex: number,
    private readonly pointIndex: number,
    readonly batchRows = 1024,
  ) {
    this.runCol = new Int32Array(batchRows);
    this.pointCol = new Int32Array(batchRows);
    this.stepCol = new Int32Array(batchRows);
    this.values = columns.map(() => new Float64Array(batchRows));
    this.writeRow = compileRowWriter(columns);
  }

  /** Records the world's state after a step; returns true when a batch was flushed. */
  record(w: World): boolean {
    const r = this.rows;
    this.runCol[r] = this.runIndex;
    this.pointCol[r] = this.pointIndex;
    this.stepCol[r] = w.step;
    this.writeRow(w, this.values, r);
    this.rows++;
    this.totalRows++;
    if (this.rows === this.batchRows) {
      this.flush();
      return true;
    }
    return false;
  }

  /** Writes pending rows as a record batch. */
  flush(): void {
    if (this.rows === 0) return;
    this.out.writeColumns([this.runCol, this.pointCol, this.stepCol], this.values, this.rows);
    this.rows = 0;
  }
}
