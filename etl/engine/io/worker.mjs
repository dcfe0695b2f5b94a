// Entry of deriveAll's worker threads: loads worker.ts through tsx's API, so that the
// worker runs under tsx whatever started the main thread (tsx, vitest).
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
