/*
 * The On Your Data sources a chat request may name in `data_sources`, and what each one's `parameters` take: the
 * table the request is checked against. Taken from Azure/azure-rest-api-specs
 * (`specification/cognitiveservices/data-plane/AzureOpenAI/inference/`): stable/2024-10-21/inference.json
 * (`azureChatExtensionConfiguration`: azure_search and azure_cosmos_db only, the same in stable 2024-02-01 and
 * 2024-06-01), the preview specs and their examples (elasticsearch and pinecone from 2024-02-15-preview, mongo_db from
 * 2024-08-01-preview, `include_contexts` and the other retrieval knobs from 2024-05-01-preview), and the Azure docs'
 * per-source pages (learn.microsoft.com/azure/ai-services/openai/references/{azure-search,cosmos-db,elasticsearch,
 * pinecone}) for what is required.
 */

/** How a field of `parameters` is checked. */
export type FieldKind =
  | { kind: 'string' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'strings' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'contexts' }
  | { kind: 'authentication'; types: readonly AuthenticationType[]; previewTypes?: readonly AuthenticationType[] }
  | { kind: 'vectorization'; types: readonly VectorizationType[]; previewTypes?: readonly VectorizationType[] }
  | { kind: 'fields_mapping'; required: readonly string[]; extra?: readonly string[] };

/** One data source type: from which api-version, what its parameters require and take. */
export interface DataSourceType {
  /** The date of the first api-version that has it. */
  since: string;
  /** Whether stable api-versions have it (the preview-only sources are not in any stable spec). */
  stable: boolean;
  required: readonly string[];
  fields: Readonly<Record<string, FieldKind>>;
}

export type AuthenticationType =
  | 'api_key'
  | 'connection_string'
  | 'system_assigned_managed_identity'
  | 'user_assigned_managed_identity'
  | 'access_token'
  | 'key_and_key_id'
  | 'encoded_api_key'
  | 'username_and_password';

/** Each authentication type's own required fields, besides `type`. */
export const AUTHENTICATION_FIELDS: Readonly<Record<AuthenticationType, readonly string[]>> = {
  api_key: ['key'],
  connection_string: ['connection_string'],
  system_assigned_managed_identity: [],
  user_assigned_managed_identity: ['managed_identity_resource_id'],
  access_token: ['access_token'],
  key_and_key_id: ['key', 'key_id'],
  encoded_api_key: ['encoded_api_key'],
  username_and_password: ['username', 'password'],
};

export type VectorizationType = 'endpoint' | 'deployment_name' | 'model_id' | 'integrated';

/** Each vectorization source's required fields, besides `type`, and the optional ones. */
export const VECTORIZATION_FIELDS: Readonly<Record<VectorizationType, { required: readonly string[]; optional: readonly string[] }>> = {
  endpoint: { required: ['endpoint', 'authentication'], optional: ['dimensions'] },
  deployment_name: { required: ['deployment_name'], optional: ['dimensions'] },
  model_id: { required: ['model_id'], optional: [] },
  integrated: { required: [], optional: [] },
};

/** The preview api-version from which the retrieval knobs below (and the preview-only auth and vectorizers) exist. */
export const RETRIEVAL_KNOBS_SINCE = '2024-05-01';

/** Parameters every source takes. */
const COMMON: Readonly<Record<string, FieldKind>> = {
  top_n_documents: { kind: 'integer' },
  in_scope: { kind: 'boolean' },
  strictness: { kind: 'integer', min: 1, max: 5 },
  role_information: { kind: 'string' },
};

/** Parameters only preview api-versions from RETRIEVAL_KNOBS_SINCE (and the v1 routes) take. */
export const PREVIEW_FIELDS: Readonly<Record<string, FieldKind>> = {
  include_contexts: { kind: 'contexts' },
  max_search_queries: { kind: 'integer' },
  allow_partial_result: { kind: 'boolean' },
};

export const CONTEXT_PROPERTIES = ['citations', 'intent', 'all_retrieved_documents'] as const;
export type ContextProperty = (typeof CONTEXT_PROPERTIES)[number];

const STRING = { kind: 'string' } as const;
const VECTOR_FIELDS = ['content_fields', 'vector_fields'] as const;

export const DATA_SOURCE_TYPES: Readonly<Record<string, DataSourceType>> = {
  azure_search: {
    since: '2024-02-01',
    stable: true,
    required: ['authentication', 'endpoint', 'index_name'],
    fields: {
      endpoint: STRING,
      index_name: STRING,
      authentication: {
        kind: 'authentication',
        types: ['api_key', 'system_assigned_managed_identity', 'user_assigned_managed_identity'],
        previewTypes: ['access_token'],
      },
      fields_mapping: { kind: 'fields_mapping', required: [], extra: ['image_vector_fields'] },
      query_type: { kind: 'enum', values: ['simple', 'semantic', 'vector', 'vector_simple_hybrid', 'vector_semantic_hybrid'] },
      semantic_configuration: STRING,
      filter: STRING,
      embedding_dependency: { kind: 'vectorization', types: ['endpoint', 'deployment_name'], previewTypes: ['integrated'] },
      ...COMMON,
    },
  },
  azure_cosmos_db: {
    since: '2024-02-01',
    stable: true,
    required: ['authentication', 'container_name', 'database_name', 'embedding_dependency', 'fields_mapping', 'index_name'],
    fields: {
      authentication: { kind: 'authentication', types: ['connection_string'] },
      database_name: STRING,
      container_name: STRING,
      index_name: STRING,
      fields_mapping: { kind: 'fields_mapping', required: VECTOR_FIELDS },
      embedding_dependency: { kind: 'vectorization', types: ['endpoint', 'deployment_name'] },
      ...COMMON,
    },
  },
  elasticsearch: {
    since: '2024-02-15',
    stable: false,
    required: ['authentication', 'endpoint', 'index_name'],
    fields: {
      endpoint: STRING,
      index_name: STRING,
      authentication: { kind: 'authentication', types: ['key_and_key_id', 'encoded_api_key'] },
      fields_mapping: { kind: 'fields_mapping', required: [] },
      query_type: { kind: 'enum', values: ['simple', 'vector'] },
      embedding_dependency: { kind: 'vectorization', types: ['endpoint', 'deployment_name', 'model_id'] },
      ...COMMON,
    },
  },
  pinecone: {
    since: '2024-02-15',
    stable: false,
    required: ['authentication', 'embedding_dependency', 'environment', 'fields_mapping', 'index_name'],
    fields: {
      environment: STRING,
      index_name: STRING,
      authentication: { kind: 'authentication', types: ['api_key'] },
      fields_mapping: { kind: 'fields_mapping', required: ['content_fields'] },
      embedding_dependency: { kind: 'vectorization', types: ['deployment_name'] },
      ...COMMON,
    },
  },
  mongo_db: {
    since: '2024-08-01',
    stable: false,
    required: [
      'app_name',
      'authentication',
      'collection_name',
      'database_name',
      'embedding_dependency',
      'endpoint',
      'fields_mapping',
      'index_name',
    ],
    fields: {
      endpoint: STRING,
      collection_name: STRING,
      database_name: STRING,
      app_name: STRING,
      index_name: STRING,
      authentication: { kind: 'authentication', types: ['username_and_password'] },
      fields_mapping: { kind: 'fields_mapping', required: VECTOR_FIELDS },
      embedding_dependency: { kind: 'vectorization', types: ['endpoint', 'deployment_name'] },
      ...COMMON,
    },
  },
};

/** The optional fields of every `fields_mapping`. */
export const FIELDS_MAPPING_FIELDS = [
  'title_field',
  'url_field',
  'filepath_field',
  'content_fields',
  'content_fields_separator',
  'vector_fields',
] as const;

/**
 * What an api-version offers: the v1 routes and versions newer than the known list (`undefined`) have everything; a
 * stable version has the stable sources only; a preview has what its date brings.
 */
export interface VersionOffer {
  has(type: DataSourceType): boolean;
  /** The preview-only knobs, authentication types and vectorizers (RETRIEVAL_KNOBS_SINCE and later previews). */
  previewKnobs: boolean;
}

export function versionOffer(apiVersion: string | undefined): VersionOffer {
  const dated = apiVersion !== undefined && /^\d{4}-\d{2}-\d{2}/.test(apiVersion);
  if (!dated) return { has: () => true, previewKnobs: true };
  const date = apiVersion.slice(0, 10);
  const preview = apiVersion.endsWith('-preview');
  return {
    has: (type) => (preview ? date >= type.since : type.stable && date >= type.since),
    previewKnobs: preview && date >= RETRIEVAL_KNOBS_SINCE,
  };
}
