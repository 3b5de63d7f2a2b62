// The deployment files (Dockerfile, compose.yaml, deploy/k8s/) without a Docker engine or a
// cluster: every Kubernetes object validates against Kubernetes' (and KEDA's) OpenAPI schemas, and
// what the files name exists in the code: the entry points the build produces, the npm scripts,
// the ports and probe paths the servers answer, environment that config/env.server.ts accepts,
// and a KEDA trigger for every agent queue the worker consumes.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { createAgents } from "../agents/agents";
import { DEFAULT_PREFIX, longLaneQueueName, queueName } from "../agents/runtime/names";
import { parseEnv } from "../config/env.server";
import { LONG_RUNNING_NODE_FLAGS } from "../config/node-flags";
import { repoRoot } from "./support/database";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
const k8sDir = path.join(repoRoot, "deploy", "k8s");

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
const models: Record<string, new (data: never) => { validate(): void }> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};

const manifests: { file: string; obj: Obj }[] = readdirSync(k8sDir)
  .filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml")
  .flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(k8sDir, file), "utf8")).map((doc) => ({ file, obj: doc.toJS() as Obj })),
  );
const find = <T = Record<string, unknown>>(kind: string, name: string): T => {
  const found = manifests.find((m) => m.obj.kind === kind && m.obj.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found.obj as unknown as T;
};
type Container = {
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value: string }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: object; limits?: object };
};
const podOf = (kind: string, name: string) =>
  (find(kind, name) as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec;

const config = find<{ data: Record<string, string> }>("ConfigMap", "royal-equips-config").data;
const secret = find<{ stringData: Record<string, string> }>("Secret", "royal-equips-secrets").stringData;
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
const agents = createAgents({
  adminFor: () => Promise.reject(new Error("not used")),
});
const agentNames = agents.map((agent) => agent.name);
/** The queues a worker process consumes, by its WORKER_LANES (ADR 0042): each agent's, the long lanes, or both. */
const queuesOf = (lanes: string) => [
  ...(lanes === "long" ? [] : agentNames.map(queueName)),
  ...(lanes === "regular"
    ? []
    : agents.filter((agent) => agent.longLane).map((agent) => longLaneQueueName(agent.name))),
];

/** A command the image can run: a built entry point (vite.node.config.ts inputs) or an npm script. */
function expectRunnable(command: string[]) {
  if (command[0] === "npm") {
    expect(command[1]).toBe("run");
    expect(scripts[command[2]!], `npm script ${command[2]}`).toBeDefined();
    return;
  }
  expect(command[0]).toBe("node");
  const entry = command.at(-1)!;
  const match = /^build\/node\/(\w+)\.js$/.exec(entry);
  expect(match, entry).not.toBeNull();
  expect(read("vite.node.config.ts")).toContain(`${match![1]}: "server/${match![1]}.ts"`);
}

describe("Kubernetes manifests", () => {
  it("validate against Kubernetes' and KEDA's schemas", () => {
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    for (const { file, obj } of manifests) {
      const Model = models[`${obj.apiVersion}/${obj.kind}`];
      expect(Model, `${file}: ${obj.apiVersion} ${obj.kind} has no schema here`).toBeDefined();
      expect(() => new Model!(obj as never).validate(), `${file}: ${obj.kind} ${obj.metadata.name}`).not.toThrow();
    }
    // kustomization.yaml lists every manifest file except the example Secret.
    const kustomization = parseYaml(readFileSync(path.join(k8sDir, "kustomization.yaml"), "utf8")) as {
      resources: string[];
    };
    expect(new Set(kustomization.resources)).toEqual(
      new Set(manifests.map((m) => m.file).filter((file) => file !== "secret.example.yaml")),
    );
  });

  it("a schema violation is caught (the validation is not a no-op)", () => {
    const broken = structuredClone(find<{ spec: { replicas: unknown } }>("Deployment", "royal-equips-web"));
    broken.spec.replicas = "two";
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it("the configuration they give the processes is a valid production environment", () => {
    const env = parseEnv({ ...config, ...secret });
    expect(env.localMode).toBe(false);
    expect(env.NODE_ENV).toBe("production");
    expect(env.workerPort).toBe(Number(config.WORKER_PORT));
  });

  it("web and worker run built entry points, on the ports and probe paths their servers answer", () => {
    const web = podOf("Deployment", "royal-equips-web").containers[0]!;
    const worker = podOf("Deployment", "royal-equips-worker").containers[0]!;
    const migrate = podOf("Job", "royal-equips-migrate").containers[0]!;
    expectRunnable(web.command);
    expectRunnable(worker.command);
    expectRunnable(migrate.command);
    expect(web.command.at(-1)).toBe("build/node/index.js");
    expect(worker.command.at(-1)).toBe("build/node/worker.js");
    expect(migrate.command).toEqual(["npm", "run", "db:migrate"]);

    expect(web.ports).toEqual([{ name: "http", containerPort: Number(config.PORT) }]);
    expect(worker.ports).toEqual([{ name: "metrics", containerPort: Number(config.WORKER_PORT) }]);
    const webServer = read("server/http.ts");
    const workerServer = read("server/worker-http.ts");
    for (const [container, source, port] of [
      [web, webServer, "http"],
      [worker, workerServer, "metrics"],
    ] as const) {
      for (const probe of [container.livenessProbe!, container.readinessProbe!]) {
        expect(probe.httpGet.port).toBe(port);
        expect(source).toContain(`"${probe.httpGet.path}"`);
      }
      expect(container.resources?.requests).toBeDefined();
      expect(container.resources?.limits).toBeDefined();
    }
    // The HPA and the ScaledObject scale the Deployments that exist; the Service targets the web port.
    expect(
      find<{ spec: { scaleTargetRef: { name: string } } }>("HorizontalPodAutoscaler", "royal-equips-web").spec
        .scaleTargetRef.name,
    ).toBe("royal-equips-web");
    expect(
      find<{ spec: { ports: { targetPort: string }[] } }>("Service", "royal-equips-web").spec.ports[0]!.targetPort,
    ).toBe("http");
  });

  it("the worker's graceful stop fits inside the pod's termination grace period", () => {
    const pod = podOf("Deployment", "royal-equips-worker") as { terminationGracePeriodSeconds?: number };
    expect(Number(config.WORKER_SHUTDOWN_GRACE_SECONDS) + 10).toBeLessThanOrEqual(pod.terminationGracePeriodSeconds!);
  });

  it("every queue has a worker Deployment, and KEDA scales each on the waiting lists of the queues it works", () => {
    const workers = ["royal-equips-worker", "royal-equips-worker-long"];
    const worked = new Set<string>();
    for (const name of workers) {
      const container = podOf("Deployment", name).containers[0]!;
      expect(container.command).toEqual(podOf("Deployment", "royal-equips-worker").containers[0]!.command);
      const lanes = container.env?.find((e) => e.name === "WORKER_LANES")?.value ?? "all";
      expect(parseEnv({ ...config, ...secret, WORKER_LANES: lanes }).WORKER_LANES).toBe(lanes);
      const queues = queuesOf(lanes);
      queues.forEach((queue) => worked.add(queue));
      const scaled = find("ScaledObject", name) as {
        spec: { scaleTargetRef: { name: string }; triggers: { type: string; metadata: { listName: string } }[] };
      };
      expect(scaled.spec.scaleTargetRef.name).toBe(name);
      expect(scaled.spec.triggers.map((t) => t.metadata.listName).sort(), name).toEqual(
        queues.map((queue) => `${DEFAULT_PREFIX}:${queue}:wait`).sort(),
      );
    }
    expect([...worked].sort()).toEqual(queuesOf("all").sort());
  });
});

describe("Dockerfile and compose.yaml", () => {
  const dockerfile = read("Dockerfile");

  it("the image: multi-stage on Node 24, production dependencies only, non-root, a healthcheck, the web as default", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[-\w.]*$/m);
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    // Production mode: server/index.ts loads Vite (a dev dependency) only outside it.
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production /m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000 3001$/m);
    // The V8 flags `npm start` gives its long-running processes (config/node-flags.ts), for every process of the image.
    expect(/^ENV NODE_OPTIONS="(.*)"$/m.exec(dockerfile)?.[1]?.split(" ")).toEqual(LONG_RUNNING_NODE_FLAGS);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expectRunnable(cmd);
    // What `npm run db:migrate` reads at run time is in the runtime stage.
    for (const file of ["prisma", "prisma.config.ts", "agents/db/provider.ts"])
      expect(dockerfile).toContain(`/app/${file} `);
    expect(read("prisma.config.ts")).toMatch(/from "\.\/agents\/db\/provider"/);
  });

  it("the build stage generates the PostgreSQL client after its last npm install or prune, and checks it", () => {
    // The one image that was built (bench/container.sh) had generated it before the prune and shipped a
    // SQLite client: every process stopped at start on a PostgreSQL DATABASE_URL.
    const build = dockerfile.slice(0, dockerfile.indexOf("AS runtime"));
    const generate = build.search(/DATABASE_URL=postgresql:\S+ npx prisma generate/);
    expect(generate).toBeGreaterThan(0);
    const lastChange = Math.max(build.lastIndexOf("npm prune"), build.lastIndexOf("npm install"));
    expect(generate).toBeGreaterThan(lastChange);
    expect(build.slice(generate)).toContain(
      `grep -q 'provider = "postgresql"' node_modules/.prisma/client/schema.prisma`,
    );
  });

  it("compose: PostgreSQL, Redis, a migrate step, web x2 and worker x2 after it, with a valid environment", () => {
    const compose = parseYaml(read("compose.yaml"), { merge: true }) as {
      services: Record<
        string,
        {
          command?: string[];
          environment?: Record<string, string>;
          deploy?: { replicas: number };
          depends_on?: Record<string, { condition: string }>;
        }
      >;
    };
    const { web, worker, "worker-long": workerLong, migrate, postgres, redis } = compose.services;
    expect(postgres && redis && migrate && web && worker && workerLong).toBeTruthy();
    expect(web!.deploy?.replicas).toBe(2);
    expect(worker!.deploy?.replicas).toBe(2);
    // Between them the workers work every queue: the regular ones and the long lanes (ADR 0042).
    expect([worker!.environment?.WORKER_LANES, workerLong!.environment?.WORKER_LANES]).toEqual(["regular", "long"]);
    for (const service of [web!, worker!, workerLong!]) {
      expect(service.depends_on?.migrate?.condition).toBe("service_completed_successfully");
      expectRunnable(service.command!);
    }
    expectRunnable(migrate!.command!);
    // The compose environment plus what .env must add (the Shopify app and the two secrets) is valid.
    const env = parseEnv({
      ...worker!.environment,
      SHOPIFY_API_KEY: "k",
      SHOPIFY_API_SECRET: "s",
      SHOPIFY_APP_URL: "https://app.example.com",
      SCOPES: "read_products",
      APP_SECRET: "x".repeat(40),
      TOKEN_ENCRYPTION_KEY: "a".repeat(64),
    });
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
    expect(env.REDIS_URL).toBe("redis://redis:6379");
  });
});
