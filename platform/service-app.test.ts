import { startHttpService } from './http-service';
import { createLogger } from './logger';
import { createServiceApp } from './service-app';

describe('createServiceApp', () => {
  it('answers without an ETag or X-Powered-By header', async () => {
    const app = createServiceApp();
    app.get('/answer', (_req, res) => void res.json({ data: { customer: { id: '1000001' } } }));
    const service = await startHttpService({ name: 'service-app test', app, port: 0, logger: createLogger('test', 'silent') });
    try {
      const response = await fetch(`${service.url}/answer`);
      expect(await response.json()).toEqual({ data: { customer: { id: '1000001' } } });
      expect(response.headers.get('etag')).toBeNull();
      expect(response.headers.get('x-powered-by')).toBeNull();
    } finally {
      await service.stop();
    }
  });
});
