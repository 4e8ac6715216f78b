import test from 'ava';
import { controlErrorFrom } from './control-error.ts';

test('a refused update carries its status, code and every issue, in the message too', (t) => {
  const body = {
    error: {
      code: 'InvalidControlRequest',
      message: 'The scenarios were refused; the running set is unchanged.',
      issues: [
        {
          file: 'request body',
          pointer: '/deployments/x/model',
          message: 'must be string',
          text: 'request body: /deployments/x/model must be string',
        },
      ],
    },
  };
  const error = controlErrorFrom('PUT /__sim/scenarios', 400, JSON.stringify(body));
  t.is(error.status, 400);
  t.is(error.code, 'InvalidControlRequest');
  t.deepEqual(
    error.issues.map((issue) => issue.text),
    ['request body: /deployments/x/model must be string'],
  );
  t.is(
    error.message,
    'PUT /__sim/scenarios failed: 400 InvalidControlRequest: The scenarios were refused; the running set is unchanged.\n  - request body: /deployments/x/model must be string',
  );
});

test("answers that are not the control API's own still make a readable error", (t) => {
  const gateway = controlErrorFrom('GET /__sim/config', 404, '{"error":{"code":"404","message": "Resource not found"}}');
  t.like(gateway, { status: 404, code: '404', message: 'GET /__sim/config failed: 404: Resource not found' });
  const bearer = controlErrorFrom('GET /__sim/config', 401, '{"statusCode": 401, "message": "Unauthorized."}');
  t.like(bearer, { code: 'HTTP401', message: 'GET /__sim/config failed: 401 HTTP401: Unauthorized.' });
  const html = controlErrorFrom('GET /__sim/limits', 502, '<html>Bad Gateway</html>');
  t.like(html, { code: 'HTTP502', message: 'GET /__sim/limits failed: 502 HTTP502: <html>Bad Gateway</html>' });
  t.deepEqual(html.issues, []);
});
