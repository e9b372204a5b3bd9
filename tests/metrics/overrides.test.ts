/** Defaults by tier, overridden per environment and per service, each value with its source. */
import { alarmSpecs } from "../../src/model/alarm-specs";
import { compositeSpec } from "../../src/model/composite";
import { catalogWith, model } from "./model-helpers";

const service = (m: ReturnType<typeof model>, name: string) => m.services.find((s) => s.name === name)!;

it("takes a database knob from the service over the environment over the tier", () => {
  const m = model("prod", {
    "catalog/orders.yaml": catalogWith("orders", "", ["alarms:\n", "alarms:\n  dbCpu:\n    threshold: 70\n"]),
  });
  const cpu = alarmSpecs("prod", service(m, "orders")).find((s) => s.id === "db-cpu/servio-prod-orders")!;
  expect(cpu.threshold).toBe(70);
  expect(cpu.sources).toMatchObject({ threshold: "catalog/orders.yaml", period: "tier 1 default" });
});

it("turns an alarm kind off for a whole environment", () => {
  const orders = service(model("dev"), "orders");
  expect(orders.alarms.find((a) => a.key === "businessFloor")).toMatchObject({
    knobs: { enabled: false }, sources: { enabled: "Pulumi.dev.yaml" },
  });
  expect(alarmSpecs("dev", orders).some((s) => s.key === "businessFloor")).toBe(false);
});

it("lets a service opt out of the composite its environment turns on", () => {
  const m = model("prod", { "catalog/web.yaml": catalogWith("web", "composite:\n  enabled: false\n") });
  const web = service(m, "web");
  expect(web.composite).toEqual({ enabled: false, childSeverity: "warning", source: "catalog/web.yaml" });
  expect(compositeSpec("prod", web, alarmSpecs("prod", web))).toBeUndefined();
});

it("keeps a service's own log retention over the environment's", () => {
  const m = model("prod", { "catalog/web.yaml": catalogWith("web", "logs:\n  retentionDays: 365\n") });
  expect(service(m, "web").logs).toMatchObject({ retentionDays: 365, retentionSource: "catalog/web.yaml" });
  expect(service(m, "orders").logs).toMatchObject({ retentionDays: 90, retentionSource: "Pulumi.prod.yaml" });
});
