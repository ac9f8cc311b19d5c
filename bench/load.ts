import autocannon from 'autocannon';
import { WORKLOADS } from './workloads';

export interface LoadRequest {
  url: string;
  workload: string;
  customers: number;
  concurrency: number;
  seconds: number;
  authorization?: string;
  /** Send the registered operation's id instead of the document. */
  persistedId?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  errors: number;
  /** Answers where the data-protection rules withheld data, as they should (not failures). */
  refusals: number;
  latenciesMs: number[];
}

// A customer who asked for restriction, or gave no consent, is withheld from every caller but the DPO.
const POLICY_REFUSAL = /"code":"(PROCESSING_RESTRICTED|CONSENT_REQUIRED)"/g;
const ANY_CODE = /"code":"/g;

/**
 * One load run from its own process (autocannon), so the load generator does not share
 * an event loop with what it measures. Prints the result as one JSON line.
 */
async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as LoadRequest;
  const workload = WORKLOADS.find((w) => w.name === request.workload)!;
  const latenciesMs: number[] = [];
  let errors = 0;
  let refusals = 0;
  const body = () =>
    JSON.stringify(
      request.persistedId
        ? {
            operationName: workload.operationName,
            variables: workload.variables(request.customers),
            extensions: { persistedQuery: { version: 1, sha256Hash: request.persistedId } },
          }
        : { query: workload.query, operationName: workload.operationName, variables: workload.variables(request.customers) },
    );
  const started = Date.now();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const instance = autocannon(
    {
      url: request.url,
      connections: request.concurrency,
      duration: request.seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(request.authorization ? { authorization: request.authorization } : {}) },
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }),
          onResponse: (status: number, responseBody: string) => {
            if (status !== 200) errors += 1;
            else if (responseBody.includes('"errors"')) {
              const withheldOnly = (responseBody.match(POLICY_REFUSAL)?.length ?? 0) === (responseBody.match(ANY_CODE)?.length ?? 0);
              if (withheldOnly) refusals += 1;
              else errors += 1;
            }
          },
        },
      ],
    } as unknown as autocannon.Options,
    () => finish(),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latenciesMs.push(responseTime));
  await finished;
  const result: LoadResult = { requests: latenciesMs.length, seconds: (Date.now() - started) / 1000, errors, refusals, latenciesMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
