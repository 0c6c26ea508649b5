#!/usr/bin/env python3
"""Checks the cluster job files of `cohort batch --emit` (CI): the Slurm script passes `bash -n` and runs the shard of
its array index; the Kubernetes manifest parses as YAML and has the Indexed Job fields cohort relies on.
Usage: check-job-files.py COHORT_BINARY WORK_DIR   (from the project folder; needs PyYAML)"""
import subprocess, sys, os, yaml

cohort, work = sys.argv[1], sys.argv[2]
out = os.path.join(work, "england")
for kind in ("slurm", "k8s"):
    subprocess.run([cohort, "batch", "--icb", "all", "--draws", "100", "--seed", "7", "--outputs", out, "--emit", kind,
                    "--image", "registry.example/cohort:1", "--claim", "shared-outputs"], check=True)

script = os.path.join(out, "cohort-batch.slurm")
subprocess.run(["bash", "-n", script], check=True)
text = open(script).read()
for needle in ("#SBATCH --array=0-41", '--shard "$SLURM_ARRAY_TASK_ID"', "--icb all", "--draws 100", "--seed 7",
               '--outputs "$OUTPUTS"'):
    assert needle in text, f"Slurm script lacks {needle!r}"

job = yaml.safe_load(open(os.path.join(out, "cohort-batch-k8s.yaml")))
assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job", job.get("kind")
spec = job["spec"]
assert spec["completionMode"] == "Indexed" and spec["completions"] == 42, spec
assert 1 <= spec["parallelism"] <= 42 and isinstance(spec["backoffLimit"], int)
pod = spec["template"]["spec"]
assert pod["restartPolicy"] == "Never"
(c,) = pod["containers"]
assert c["image"] == "registry.example/cohort:1" and c["command"] == ["cohort"]
args = c["args"]
assert args[0] == "batch" and args[args.index("--shard") + 1] == "$(COHORT_SHARD)", args
assert args[args.index("--outputs") + 1] == "/outputs" and args[args.index("--icb") + 1] == "all", args
(env,) = [e for e in c["env"] if e["name"] == "COHORT_SHARD"]
assert env["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.annotations['batch.kubernetes.io/job-completion-index']"
assert c["resources"]["requests"]["memory"].endswith("Gi") and int(c["resources"]["requests"]["cpu"]) >= 1
(mount,) = c["volumeMounts"]
(vol,) = pod["volumes"]
assert mount["mountPath"] == "/outputs" and mount["name"] == vol["name"]
assert vol["persistentVolumeClaim"]["claimName"] == "shared-outputs"
print("job files: Slurm script passes bash -n; Kubernetes Indexed Job (42 completions) has the fields cohort relies on")
