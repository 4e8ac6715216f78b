{{/* The chart's name, or nameOverride. */}}
{{- define "aoai-sim.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's objects are named after it: <release>-aoai-sim, or fullnameOverride. */}}
{{- define "aoai-sim.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The labels of every object of the release; each adds its component (simulator or redis). */}}
{{- define "aoai-sim.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "aoai-sim.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "aoai-sim.labels" -}}
{{ include "aoai-sim.commonLabels" . }}
app.kubernetes.io/component: simulator
{{- end }}

{{- define "aoai-sim.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aoai-sim.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: simulator
{{- end }}

{{- define "aoai-sim.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "aoai-sim.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{/* Whether this chart runs its own Redis: enabled, and no external url given. */}}
{{- define "aoai-sim.ownRedis" -}}
{{- if and .Values.redis.enabled (not .Values.redis.url) }}true{{ end }}
{{- end }}

{{/* The Secret holding the keys: the user's existingSecret, or the chart's. */}}
{{- define "aoai-sim.secretName" -}}
{{- default (include "aoai-sim.fullname" .) .Values.existingSecret }}
{{- end }}

{{/* Whether the pods mount scenarios at /scenarios. */}}
{{- define "aoai-sim.hasScenarios" -}}
{{- if or .Values.existingScenariosConfigMap .Values.scenarios }}true{{ end }}
{{- end }}
