/** Runs `work` with these settings in the environment, as the server reads them, and removes them afterwards. */
export async function withSettings<T>(settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
  Object.assign(process.env, settings);
  try {
    return await work();
  } finally {
    for (const name of Object.keys(settings)) delete process.env[name];
  }
}
