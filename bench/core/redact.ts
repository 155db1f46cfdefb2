/**
 * Secrets (passwords, tokens) registered here are replaced by `***` in every log line,
 * results file and report the harness writes.
 */
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 3) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  // user:password@ in URLs, whatever was registered
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@');
}

/** Deep-redacts a JSON-able value (used before writing results.json). */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
