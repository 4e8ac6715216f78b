import test from 'ava';
import { dataSourceProblems } from './validate-data-sources.ts';

const STABLE = '2024-10-21';
const PREVIEW = '2025-04-01-preview';
const search = (parameters: Record<string, unknown>) => ({ type: 'azure_search', parameters });
const SEARCH = {
  endpoint: 'https://s.search.windows.net',
  index_name: 'docs',
  authentication: { type: 'system_assigned_managed_identity' },
};
const problems = (sources: unknown, apiVersion: string | undefined = STABLE, extra: Record<string, unknown> = {}) =>
  dataSourceProblems({ messages: [], data_sources: sources, ...extra }, apiVersion);
const at = (path: string, message: string) => `Validation error at #/${path}: ${message}`;

test('a minimal source of every type of its spec passes', (t) => {
  t.deepEqual(problems([search(SEARCH)]), []);
  const mapping = { content_fields: ['content'], vector_fields: ['contentvector'] };
  const deployment = { type: 'deployment_name', deployment_name: 'ada' };
  const cosmos = {
    authentication: { type: 'connection_string', connection_string: 'mongodb+srv://x' },
    database_name: 'db',
    container_name: 'c',
    index_name: 'i',
    fields_mapping: mapping,
    embedding_dependency: deployment,
  };
  t.deepEqual(problems([{ type: 'azure_cosmos_db', parameters: cosmos }]), []);
  const elastic = { endpoint: 'https://e', index_name: 'i', authentication: { type: 'encoded_api_key', encoded_api_key: 'k' } };
  t.deepEqual(problems([{ type: 'elasticsearch', parameters: elastic }], PREVIEW), []);
  const pinecone = {
    environment: 'env',
    index_name: 'i',
    authentication: { type: 'api_key', key: 'k' },
    fields_mapping: { content_fields: ['content'] },
    embedding_dependency: deployment,
  };
  t.deepEqual(problems([{ type: 'pinecone', parameters: pinecone }], PREVIEW), []);
  const mongo = {
    endpoint: 'mongodb.example',
    app_name: 'app',
    database_name: 'db',
    collection_name: 'c',
    index_name: 'i',
    authentication: { type: 'username_and_password', username: 'u', password: 'p' },
    embedding_dependency: { type: 'endpoint', endpoint: 'https://aoai/embeddings', authentication: { type: 'api_key', key: 'k' } },
    fields_mapping: mapping,
  };
  t.deepEqual(problems([{ type: 'mongo_db', parameters: mongo }], PREVIEW), []);
});

test('a type its api-version does not have is refused, naming the tags it has', (t) => {
  t.deepEqual(problems([{ type: 'pinecone', parameters: {} }]), [
    at(
      'data_sources/0',
      "Input tag 'pinecone' found using 'type' does not match any of the expected tags: 'azure_search', 'azure_cosmos_db'",
    ),
  ]);
  t.deepEqual(problems([{ type: 'mongo_db', parameters: {} }], '2024-05-01-preview'), [
    at(
      'data_sources/0',
      "Input tag 'mongo_db' found using 'type' does not match any of the expected tags: 'azure_search', 'azure_cosmos_db', 'elasticsearch', 'pinecone'",
    ),
  ]);
  t.deepEqual(problems([{ parameters: {} }]), [at('data_sources/0', "Unable to extract tag using discriminator 'type'")]);
});

test('required parameters, unknown keys and bad values are each reported, one line each', (t) => {
  t.deepEqual(problems([search({ indexName: 'docs', strictness: 9, top_n_documents: 2.5, in_scope: 'maybe' })]), [
    at('data_sources/0/azure_search/parameters/endpoint', 'Field required'),
    at('data_sources/0/azure_search/parameters/index_name', 'Field required'),
    at('data_sources/0/azure_search/parameters/authentication', 'Field required'),
    at('data_sources/0/azure_search/parameters/top_n_documents', 'Input should be a valid integer, got a number with a fractional part'),
    at('data_sources/0/azure_search/parameters/in_scope', 'Input should be a valid boolean, unable to interpret input'),
    at('data_sources/0/azure_search/parameters/strictness', 'Input should be less than or equal to 5'),
    at('data_sources/0/azure_search/parameters/indexName', 'Extra inputs are not permitted'),
  ]);
  t.deepEqual(problems([{ ...search(SEARCH), extra: 1 }]), [at('data_sources/0/azure_search/extra', 'Extra inputs are not permitted')]);
  t.deepEqual(problems([{ type: 'azure_search' }]), [at('data_sources/0/azure_search/parameters', 'Field required')]);
});

test('lax values pass as pydantic coerces them; a number is no string', (t) => {
  t.deepEqual(problems([search({ ...SEARCH, top_n_documents: '3', in_scope: 'true', strictness: 2 })]), []);
  t.deepEqual(problems([search({ ...SEARCH, index_name: 7 })]), [
    at('data_sources/0/azure_search/parameters/index_name', 'Input should be a valid string'),
  ]);
  t.deepEqual(problems([search({ ...SEARCH, query_type: 'fuzzy' })]), [
    at(
      'data_sources/0/azure_search/parameters/query_type',
      "Input should be 'simple', 'semantic', 'vector', 'vector_simple_hybrid' or 'vector_semantic_hybrid'",
    ),
  ]);
});

test('authentication types are those the source allows, each with its own fields', (t) => {
  t.deepEqual(problems([search({ ...SEARCH, authentication: { type: 'connection_string', connection_string: 'x' } })]), [
    at(
      'data_sources/0/azure_search/parameters/authentication',
      "Input tag 'connection_string' found using 'type' does not match any of the expected tags: 'api_key', 'system_assigned_managed_identity', 'user_assigned_managed_identity'",
    ),
  ]);
  t.deepEqual(problems([search({ ...SEARCH, authentication: { type: 'user_assigned_managed_identity', key: 'k' } })]), [
    at(
      'data_sources/0/azure_search/parameters/authentication/user_assigned_managed_identity/managed_identity_resource_id',
      'Field required',
    ),
    at('data_sources/0/azure_search/parameters/authentication/user_assigned_managed_identity/key', 'Extra inputs are not permitted'),
  ]);
  // access tokens are a preview's
  t.deepEqual(problems([search({ ...SEARCH, authentication: { type: 'access_token', access_token: 't' } })], PREVIEW), []);
});

test('include_contexts is a preview parameter, of the three context properties', (t) => {
  t.deepEqual(problems([search({ ...SEARCH, include_contexts: ['citations', 'all_retrieved_documents'] })], PREVIEW), []);
  t.deepEqual(problems([search({ ...SEARCH, include_contexts: ['everything'] })], PREVIEW), [
    at('data_sources/0/azure_search/parameters/include_contexts/0', "Input should be 'citations', 'intent' or 'all_retrieved_documents'"),
  ]);
  t.deepEqual(problems([search({ ...SEARCH, include_contexts: ['citations'] })]), [
    at('data_sources/0/azure_search/parameters/include_contexts', 'Extra inputs are not permitted'),
  ]);
});

test('one source exactly, and no log probabilities with it', (t) => {
  t.deepEqual(problems([]), [at('data_sources', 'List should have at least 1 item after validation, not 0')]);
  t.deepEqual(problems([search(SEARCH), search(SEARCH)]), [at('data_sources', 'List should have at most 1 item after validation, not 2')]);
  t.deepEqual(problems({}), [at('data_sources', 'Input should be a valid list')]);
  t.deepEqual(problems([search(SEARCH)], STABLE, { logprobs: true }), [at('logprobs', 'Extra inputs are not permitted')]);
});
