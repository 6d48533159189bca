import type { CommandEntry } from "../command.ts";

/** Every sub-command, in the order `tokensim --help` lists them; each module loads only when its command runs. */
export const commands: readonly CommandEntry[] = [
  {
    name: "run",
    summary: "simulate one seeded run of a scenario, write Arrow metrics and a JSON summary",
    load: async () => (await import("./run.ts")).runCommand,
  },
  {
    name: "scenarios",
    summary: "list the bundled scenarios, one line each",
    load: async () => (await import("./scenarios.ts")).scenariosCommand,
  },
  {
    name: "params",
    summary: "list a scenario's parameters: dotted key, default, unit, range, meaning",
    load: async () => (await import("./params.ts")).paramsCommand,
  },
  {
    name: "sweep",
    summary: "Monte Carlo runs over a parameter grid on worker threads, to Arrow tables",
    load: async () => (await import("./sweep.ts")).sweepCommand,
  },
  {
    name: "analyze",
    summary:
      "Sobol indices or Morris effects of a design sweep; with --require, which settings pass (rule list)",
    load: async () => (await import("./analyze.ts")).analyzeCommand,
  },
  {
    name: "merge",
    summary: "combine the shards of a sweep into one directory with its tables",
    load: async () => (await import("./merge.ts")).mergeCommand,
  },
  {
    name: "export",
    summary: "write Parquet copies of a run's or sweep's Arrow files (DuckDB, polars, pandas)",
    load: async () => (await import("./export.ts")).exportCommand,
  },
  {
    name: "worker",
    summary: "run sweep chunks from a Redis (BullMQ) queue on this machine's worker threads",
    load: async () => (await import("./worker.ts")).workerCommand,
  },
  {
    name: "optimize",
    summary:
      "search parameter ranges for the best settings (CMA-ES; NSGA-II Pareto front), noise-aware",
    load: async () => (await import("./optimize.ts")).optimizeCommand,
  },
  {
    name: "stress",
    summary:
      "search shocks for the cheapest one that causes a death spiral with probability at least p",
    load: async () => (await import("./stress.ts")).stressCommand,
  },
  {
    name: "rare",
    summary:
      "estimate a rare event's probability (death spiral, 1e-4 ... 1e-6) by multilevel splitting",
    load: async () => (await import("./rare.ts")).rareCommand,
  },
  {
    name: "fit",
    summary:
      "fit parameters to observed series (method of simulated moments), with intervals and a backtest",
    load: async () => (await import("./fit.ts")).fitCommand,
  },
  {
    name: "learn",
    summary:
      "train the built-in learner (Q-learning) to drive one agent class; write its learning curve",
    load: async () => (await import("./learn.ts")).learnCommand,
  },
  {
    name: "counterfactual",
    summary:
      "replay a fitted history as observed and with a change (e.g. another emission policy), on common random numbers",
    load: async () => (await import("./counterfactual.ts")).counterfactualCommand,
  },
  {
    name: "compete",
    summary:
      "run two or more networks in lock-step, sharing GPU owners who move to the best return",
    load: async () => (await import("./compete.ts")).competeCommand,
  },
  {
    name: "check",
    summary:
      "economic-invariant regression for CI: Monte Carlo assertions, invariants, baseline drift",
    load: async () => (await import("./check.ts")).checkCommand,
  },
  {
    name: "calibrate",
    summary:
      "measure an inference backend (server, emulated GPU, llama.cpp), write a calibration profile",
    load: async () => (await import("./calibrate.ts")).calibrateCommand,
  },
  {
    name: "emulate",
    summary: "serve an emulated GPU (roofline model) as an OpenAI-compatible HTTP server",
    load: async () => (await import("./emulate.ts")).emulateCommand,
  },
  {
    name: "serve",
    summary: "serve the dashboard (web page and API) over a results folder",
    load: async () => (await import("./serve.ts")).serveCommand,
  },
  {
    name: "plot",
    summary: "draw a result's charts as SVG and PNG files with an index.html (no server)",
    load: async () => (await import("./plot.ts")).plotCommand,
  },
  {
    name: "start",
    summary: "run the default study (a small baseline sweep) and open the dashboard on it",
    load: async () => (await import("./start.ts")).startCommand,
  },
];
