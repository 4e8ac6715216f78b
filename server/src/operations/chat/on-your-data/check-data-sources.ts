import { serviceErrors } from '../../../protocol/service-errors.ts';
import { dataSourceProblems } from './validate-data-sources.ts';

/**
 * Refuses a request whose `data_sources` On Your Data would refuse, with every problem in one 400. A request
 * without `data_sources` (or with null, which the service reads as none) costs one property read.
 */
export function checkDataSources(body: Record<string, unknown>, apiVersion: string | undefined): void {
  if (body.data_sources == null) return;
  const problems = dataSourceProblems(body, apiVersion);
  if (problems.length > 0) throw serviceErrors.onYourDataInvalid(problems);
}
