import Foundation

/// The job files of `cohort batch --emit`: the same shards on a cluster through its own scheduler (cohort builds no
/// scheduler). Each array task / Job index runs `cohort batch ... --shard INDEX`; the shared output folder is a
/// parameter of the file (OUTPUTS for Slurm, a PersistentVolumeClaim for Kubernetes).
struct ClusterJob {
    var shards: Int
    /// The batch's options with `--outputs OUTPUTS_PLACEHOLDER` (replaced per engine).
    var arguments: [String]
    var outputs: String
    var threads: Int
    var memoryGiB: Int
    var image: String
    var claim: String

    /// Memory per task: --max-memory when given in G/M, else 8 GiB (ASSUMPTION: an ICB of up to ~15 Places at
    /// 10,000 draws stays under 2 GiB here; the headroom is for larger areas and demand tables).
    static func memoryGiB(_ option: String?) -> Int {
        guard let o = option?.uppercased() else { return 8 }
        let digits = o.prefix { $0.isNumber || $0 == "." }
        guard let v = Double(digits), v > 0 else { return 8 }
        if o.hasSuffix("M") || o.hasSuffix("MIB") { return max(1, Int((v / 1024).rounded(.up))) }
        if o.hasSuffix("G") || o.hasSuffix("GIB") { return max(1, Int(v.rounded(.up))) }
        return 8
    }

    static func shellQuote(_ s: String) -> String {
        s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,".contains($0) }) ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A Slurm job-array script: `sbatch cohort-batch.slurm` (override the folder with `sbatch --export=ALL,OUTPUTS=/path`).
    func slurm() -> String {
        let args = arguments.map { $0 == "OUTPUTS_PLACEHOLDER" ? "\"$OUTPUTS\"" : Self.shellQuote($0) }.joined(separator: " ")
        return """
            #!/usr/bin/env bash
            # cohort batch as a Slurm job array: task i runs shard i. Written by `cohort batch --emit slurm`.
            # Submit:   sbatch cohort-batch.slurm            (or: sbatch --export=ALL,OUTPUTS=/shared/path cohort-batch.slurm)
            # Then:     cohort combine "$OUTPUTS"            (e.g. sbatch --dependency=afterok:<job id> --wrap "cohort combine $OUTPUTS")
            # A re-submitted task skips a shard that finished; a failed task leaves its shard to be run again.
            #SBATCH --job-name=cohort-batch
            #SBATCH --array=0-\(shards - 1)
            #SBATCH --cpus-per-task=\(threads)
            #SBATCH --mem=\(memoryGiB)G
            #SBATCH --output=cohort-batch-%A_%a.log
            set -euo pipefail
            OUTPUTS="${OUTPUTS:-\(outputs)}"
            exec cohort batch \(args) --shard "$SLURM_ARRAY_TASK_ID" --threads "${SLURM_CPUS_PER_TASK:-\(threads)}" --max-memory \(memoryGiB)G

            """
    }

    /// A Kubernetes Indexed Job: completion index i runs shard i; OUTPUTS is the claim `claim` mounted at /outputs.
    func kubernetes() -> String {
        let args = (["batch"] + arguments.map { $0 == "OUTPUTS_PLACEHOLDER" ? "/outputs" : $0 }
                    + ["--shard", "$(COHORT_SHARD)", "--threads", String(threads), "--max-memory", "\(memoryGiB)G"])
            .map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ", ")
        return """
            # cohort batch as a Kubernetes Indexed Job: completion index i runs shard i. Written by `cohort batch --emit k8s`.
            # The image runs `cohort` from the project folder (with --icb, Scenarios/data/england must be under its working directory).
            # Apply:  kubectl apply -f cohort-batch-k8s.yaml   (the claim \(claim) must hold the batch folder; it is /outputs here)
            # Then:   cohort combine /outputs   (in a pod with the same claim) once the Job has completed.
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: cohort-batch
            spec:
              completionMode: Indexed
              completions: \(shards)
              parallelism: \(min(shards, 8))
              backoffLimit: \(shards * 2)
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: cohort
                      image: "\(image)"
                      command: ["cohort"]
                      args: [\(args)]
                      env:
                        - name: COHORT_SHARD
                          valueFrom:
                            fieldRef:
                              fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']"
                      resources:
                        requests:
                          cpu: "\(threads)"
                          memory: "\(memoryGiB)Gi"
                        limits:
                          memory: "\(memoryGiB)Gi"
                      volumeMounts:
                        - name: outputs
                          mountPath: /outputs
                  volumes:
                    - name: outputs
                      persistentVolumeClaim:
                        claimName: "\(claim)"

            """
    }
}
