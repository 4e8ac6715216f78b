import test from 'ava';
import { limitedDeployment } from '../test-support/limit-deployment.ts';
import { spilloverTarget } from './spillover-target.ts';

const ptu = limitedDeployment({ ptu: 1 }, 'ptu');
const configured = { ...limitedDeployment({ ptu: 1 }, 'ptu-configured'), spilloverDeployment: 'standard' };
const standard = limitedDeployment({ tpm: 1000 }, 'standard');
const other = limitedDeployment(undefined, 'other');
const deployments = new Map([ptu, configured, standard, other].map((deployment) => [deployment.name, deployment]));

test('a provisioned deployment spills to the standard deployment the request names', (t) => {
  t.is(spilloverTarget(ptu, 'standard', deployments, 'chat'), standard);
  t.is(spilloverTarget(ptu, '', deployments, 'chat'), undefined);
});

test('the deployment’s own spillover deployment wins over the request’s header', (t) => {
  t.is(spilloverTarget(configured, 'other', deployments, 'chat'), standard);
});

test('no spillover from a standard deployment, nor to a missing, provisioned or non-serving deployment', (t) => {
  t.is(spilloverTarget(standard, 'other', deployments, 'chat'), undefined);
  t.is(spilloverTarget(ptu, 'missing', deployments, 'chat'), undefined);
  t.is(spilloverTarget(ptu, 'ptu-configured', deployments, 'chat'), undefined);
  t.is(spilloverTarget(ptu, 'ptu', deployments, 'chat'), undefined);
  t.is(spilloverTarget(ptu, 'standard', deployments, 'embeddings'), undefined);
});
