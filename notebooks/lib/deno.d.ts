// The few Deno APIs the notebooks use, declared for `tsc` (which checks the
// notebooks with Node's types). At run time they are Deno's own.
declare namespace Deno {
  const env: { get(key: string): string | undefined };
  /** Present inside the Jupyter kernel. */
  const jupyter:
    | {
        display(
          obj: Record<string, unknown>,
          options?: { raw?: boolean; update?: boolean; display_id?: string },
        ): Promise<void>;
      }
    | undefined;
}
