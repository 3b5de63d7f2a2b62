// Which model answers: OpenAI with a key, any OpenAI-compatible server (Ollama, vLLM, LM Studio)
// with a base URL, and otherwise the offline model, which needs neither.
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { createOfflineModel, OFFLINE_MODEL_ID, type OfflineModelOptions } from "./offline/model";

export interface ModelSettings {
  /** "offline" forces the offline model even when a key is set. */
  provider?: "auto" | "offline" | "openai";
  apiKey?: string;
  /** An OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  baseURL?: string;
  model?: string;
}

export interface ResolvedModel {
  model: LanguageModel;
  /** Shown under each answer: which model answered. */
  label: string;
  kind: "offline" | "openai" | "openai-compatible";
}

export const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";

export function resolveModel(settings: ModelSettings, offline: OfflineModelOptions): ResolvedModel {
  const useRemote = settings.provider !== "offline" && (settings.apiKey || settings.baseURL);
  if (!useRemote) return { model: createOfflineModel(offline), label: `offline:${OFFLINE_MODEL_ID}`, kind: "offline" };
  const modelId = settings.model ?? DEFAULT_OPENAI_MODEL;
  // Chat Completions is the API that OpenAI-compatible servers implement.
  const provider = createOpenAI({
    apiKey: settings.apiKey ?? "not-needed",
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
  });
  const kind = settings.baseURL ? "openai-compatible" : "openai";
  return { model: provider.chat(modelId), label: `${kind}:${modelId}`, kind };
}
