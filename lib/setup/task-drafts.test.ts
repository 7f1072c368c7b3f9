import { describe, expect, it } from "vitest";
import { newProjectSchema, projectTasksSchema } from "@/lib/validation/project";
import { fieldOf, fieldProblems } from "./field-problems";
import { classesOf, moved, newTask, switchMediaKind, tasksFromJson, withClasses, withField, withType } from "./task-drafts";
import { TASK_TEMPLATES } from "./templates";

const problemsOf = (mediaKind: "image" | "audio", tasks: unknown) => {
  const parsed = projectTasksSchema.safeParse({ mediaKind, tasks });
  return parsed.success ? new Map() : fieldProblems(parsed.error.issues);
};

describe("task templates", () => {
  it.each(TASK_TEMPLATES.map((template) => [template.name, template] as const))("%s is a valid new project for its media kind", (_, template) => {
    expect(newProjectSchema.safeParse({ name: template.name, mediaKind: template.mediaKind, tasks: template.tasks }).error?.issues).toBeUndefined();
  });

  it("defect inspection has a borderline uncertainty class and defect boxes", () => {
    const [verdict, defects] = TASK_TEMPLATES.find((template) => template.id === "defect-inspection")!.tasks;
    expect(verdict).toMatchObject({ type: "classification", uncertainClass: "borderline" });
    expect(classesOf(verdict!).map((labelClass) => labelClass.name)).toEqual(["ok", "defect"]);
    expect(defects).toMatchObject({ type: "bbox" });
  });
});

describe("issues placed on the builder's fields", () => {
  it("puts a duplicate hotkey on the second class's hotkey, in the schema's words", () => {
    const tasks = [{ key: "verdict", type: "classification", classes: [{ name: "ok", hotkey: "d" }, { name: "defect", hotkey: "d" }] }];
    expect([...problemsOf("image", tasks)]).toEqual([["tasks.0.classes.1.hotkey", 'hotkey "d" is used by another class']]);
  });

  it("puts a task's problems on its key, its type and its class names", () => {
    const tasks = [
      { key: "ok", type: "classification", classes: ["a"] },
      { key: "1st", type: "bbox", classes: [{ name: "" }] },
      { key: "speech", type: "segment", classes: ["a"] },
    ];
    const problems = problemsOf("image", tasks);
    expect(problems.get("tasks.1.key")).toBe("must start with a letter and use letters, digits, - or _ (at most 40)");
    expect(problems.get("tasks.1.classes.0.name")).toBe("must not be empty");
    expect(problems.get("tasks.2.type")).toBe("segment tasks are not available for image projects (use classification, bbox, polygon)");
  });

  it("puts a repeated task key on the later task's key, and a class named twice on the class", () => {
    const problems = problemsOf("image", [
      { key: "a", type: "classification", classes: ["x", "x"] },
      { key: "a", type: "bbox", classes: ["y"] },
    ]);
    expect(problems.get("tasks.1.key")).toBe('"a" is used by another task');
    expect(problems.get("tasks.0.classes.1")).toBe('class "x" appears twice');
  });

  it("names an unknown field on the task or class that holds it", () => {
    const problems = problemsOf("image", [{ key: "a", type: "classification", classes: [{ name: "x", size: 2 }], colour: "red" }]);
    expect(problems.get("tasks.0")).toBe('"colour" is an unknown field');
    expect(problems.get("tasks.0.classes.0")).toBe('"size" is an unknown field');
  });

  it("maps paths outside the tasks to their top-level field, and a path past a known field to that field", () => {
    expect(fieldOf(["name"])).toBe("name");
    expect(fieldOf([])).toBe("");
    expect(fieldOf(["tasks"])).toBe("tasks");
    expect(fieldOf(["tasks", 2, "uncertainClass"])).toBe("tasks.2.uncertainClass");
    expect(fieldOf(["tasks", 2, "classes"])).toBe("tasks.2.classes");
    expect(fieldOf(["tasks", 2, "classes", 1, "color"])).toBe("tasks.2.classes.1.color");
  });
});

describe("task edits", () => {
  it("reads bare class names as classes, and writes classes without empty colours or hotkeys", () => {
    const task = { key: "a", type: "bbox", classes: ["x", { name: "y", hotkey: "y" }] };
    expect(classesOf(task)).toEqual([{ name: "x" }, { name: "y", hotkey: "y" }]);
    expect(withClasses(task, [{ name: "x", color: "", hotkey: "" }]).classes).toEqual([{ name: "x" }]);
  });

  it("removes a field set to empty, so that an optional field is absent", () => {
    expect(withField({ key: "a", uncertainClass: "unsure" }, "uncertainClass", "")).toEqual({ key: "a" });
    expect(withField({ key: "a" }, "multiple", true)).toEqual({ key: "a", multiple: true });
  });

  it("changing the type keeps the key, classes and required, and drops what the new type cannot hold", () => {
    const classification = { key: "a", type: "classification", classes: ["x"], uncertainClass: "unsure", multiple: true, required: false };
    expect(withType(classification, "bbox")).toEqual({ key: "a", type: "bbox", classes: ["x"], required: false });
    expect(withType(classification, "transcript")).toEqual({ key: "a", type: "transcript", required: false });
    expect(withType({ key: "t", type: "transcript" }, "segment")).toEqual({ key: "t", type: "segment", classes: [{ name: "" }] });
  });

  it("gives a new task a key no task has", () => {
    expect(newTask([{ key: "boxes" }, { key: "boxes-2" }], "bbox")).toEqual({ key: "boxes-3", type: "bbox", classes: [{ name: "" }] });
  });

  it("moves an entry, and leaves the list alone for a move out of range", () => {
    expect(moved(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b"], 1, 2)).toEqual(["a", "b"]);
  });
});

describe("switching the media kind", () => {
  it("keeps the tasks the new kind supports and names the discarded ones", () => {
    const tasks = [
      { key: "intent", type: "classification", classes: ["a"] },
      { key: "speech", type: "segment", classes: ["a"] },
    ];
    expect(switchMediaKind(tasks, "image")).toEqual({ tasks: [tasks[0]], discarded: [tasks[1]] });
    expect(switchMediaKind(tasks, "audio")).toEqual({ tasks, discarded: [] });
  });

  it("starts from one classification task when none is left", () => {
    const { tasks, discarded } = switchMediaKind([{ key: "boxes", type: "bbox", classes: ["a"] }], "audio");
    expect(discarded).toHaveLength(1);
    expect(tasks).toEqual([{ key: "class", type: "classification", classes: [{ name: "" }] }]);
  });
});

describe("tasks typed in the JSON view", () => {
  it("takes a list of objects, valid or not (the schema judges them)", () => {
    expect(tasksFromJson('[{"key": "a", "type": "nope"}]')).toEqual({ tasks: [{ key: "a", type: "nope" }] });
  });

  it("says why other JSON is not tasks", () => {
    expect(tasksFromJson("[{")).toMatchObject({ problem: expect.stringMatching(/^Not valid JSON: /) });
    expect(tasksFromJson('{"key": "a"}')).toEqual({ problem: "The tasks must be a JSON list: [ {…}, {…} ]." });
    expect(tasksFromJson('[{"key": "a"}, 3]')).toEqual({ problem: "Task 2 must be an object with a key and a type." });
  });
});
