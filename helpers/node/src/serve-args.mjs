// Turns startMockgate's options into `mockgate serve` flags.

function timeText(when) {
  return when instanceof Date ? when.toISOString() : String(when);
}

/// Flags in the order mockgate documents them; `extra` goes last so a caller can add any flag.
export function serveArgs({ providers, tls = true, now, locale, adminToken, args = [] }) {
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new Error('startMockgate needs providers, e.g. {providers: ["lisoloo"]}');
  }
  const flags = ["serve"];
  for (const provider of providers) flags.push("--provider", provider);
  if (!tls) flags.push("--no-tls");
  if (now !== undefined) flags.push("--now", timeText(now));
  if (locale !== undefined) flags.push("--locale", locale);
  if (adminToken !== undefined) flags.push("--admin-token", adminToken);
  return [...flags, ...args];
}
