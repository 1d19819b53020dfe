// Finds the mockgate executable: an explicit path, then MOCKGATE_BINARY, then `mockgate` on PATH.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/// Returns the path to run, or throws naming the three places it looked.
export function findMockgateBinary(explicitPath, env = process.env) {
  const chosen = explicitPath ?? env.MOCKGATE_BINARY;
  if (chosen) {
    // A path the caller named is never silently swapped for another one.
    if (!isExecutableFile(chosen)) {
      const source = explicitPath ? "the binary option" : "MOCKGATE_BINARY";
      throw new Error(`mockgate binary from ${source} is not an executable file: ${chosen}`);
    }
    return chosen;
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutableFile(join(dir, "mockgate"))) return join(dir, "mockgate");
  }
  throw new Error(
    "mockgate binary not found: pass startMockgate({binary}), set MOCKGATE_BINARY, or put mockgate on PATH",
  );
}
