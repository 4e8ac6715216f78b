import { DEFAULT_RESOURCE } from '../pipeline/resource.ts';

/**
 * Where a deployment's quota is kept: its resource and its name, from the request's Identity. Two resources may
 * each have a deployment of one name, with a quota each, as on the service; a simulator is one resource today,
 * which a caller that names none means. Neither part can hold a '/' (the service's naming rules).
 */
export function quotaKey(resource: string | undefined, deployment: string): string {
  return `${resource ?? DEFAULT_RESOURCE}/${deployment}`;
}
