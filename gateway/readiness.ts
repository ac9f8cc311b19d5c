interface SubgraphReadiness {
  ready: boolean;
  subgraphs: Record<string, 'ready' | 'unavailable'>;
}

/** Asks every subgraph's `/ready` (which checks its own system) in parallel, with a short timeout. */
export async function checkSubgraphs(urls: Record<string, string>, timeoutMs = 2000): Promise<SubgraphReadiness> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(timeoutMs) });
        return [name, response.ok ? 'ready' : 'unavailable'] as const;
      } catch {
        return [name, 'unavailable'] as const;
      }
    }),
  );
  return { ready: entries.every(([, state]) => state === 'ready'), subgraphs: Object.fromEntries(entries) };
}
