/**
 * Declaring a table once: its columns in order, each with its SQL type, whether COPY writes it as
 * JSON, and the TypeScript type of its values. From one declaration come the row type (RowOf), the
 * COPY column list and encoder, and the CREATE TEMP TABLE statement.
 */
/** A column: SQL type, JSON or not, and (only for the compiler) the type of its values. */
export interface Column<T> {
  readonly sql: string;
  readonly json: boolean;
  /** The same column, its values possibly null. */
  nullable(): Column<T | null>;
  /** Never set: carries T for RowOf. */
  readonly valueType?: T;
}

function column<T>(sql: string, json = false): Column<T> {
  return { sql, json, nullable: () => column<T | null>(sql, json) };
}

/**
 * Column builders, by SQL type (spelled as format_type spells it). Timestamps are ISO-8601 text;
 * arrays outside jsonb are text[] literals.
 */
export const col = {
  text: <T extends string = string>() => column<T>('text'),
  integer: () => column<number>('integer'),
  bigint: () => column<number>('bigint'),
  double: () => column<number>('double precision'),
  boolean: () => column<boolean>('boolean'),
  timestamptz: () => column<string>('timestamp with time zone'),
  textArray: () => column<string[]>('text[]'),
  /** jsonb: every value, a JSON string included, is written as JSON text. */
  jsonb: <T = unknown>() => column<T>('jsonb', true),
  /** bytea: bytes, written as hex (copy.ts). */
  bytea: () => column<Uint8Array>('bytea'),
};

export type Columns = Record<string, Column<unknown>>;

/** A declared column with its name, as COPY and CREATE TABLE list it. */
export interface NamedColumn {
  readonly name: string;
  readonly sql: string;
  readonly json: boolean;
}

export interface TableDecl<C extends Columns = Columns> {
  readonly name: string;
  readonly columns: C;
  /** The columns in declaration order, named: COPY's column list. */
  readonly copyColumns: readonly NamedColumn[];
  /** Extra column definitions after the declared ones (not copied), e.g. an identity column. */
  readonly extra: readonly string[];
}

/** One row of a declared table, as TypeScript sees it. */
export type RowOf<D extends TableDecl> = {
  -readonly [K in keyof D['columns']]: D['columns'][K] extends Column<infer T> ? T : never;
};

export function defineTable<const C extends Columns>(
  name: string,
  columns: C,
  options: { extra?: readonly string[] } = {},
): TableDecl<C> {
  const copyColumns = Object.entries(columns).map(([key, c]) => ({ name: key, sql: c.sql, json: c.json }));
  return { name, columns, copyColumns, extra: options.extra ?? [] };
}

/** CREATE TEMP TABLE for a declared table, one column a line; rows are emptied at each commit. */
export function createTempTableSql(table: TableDecl): string {
  const lines = [...table.copyColumns.map((c) => `${c.name} ${c.sql}`), ...table.extra];
  const body = lines.join(',\n  ');
  return `CREATE TEMP TABLE IF NOT EXISTS ${table.name} (\n  ${body}\n) ON COMMIT DELETE ROWS;`;
}
