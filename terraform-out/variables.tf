# Inputs. nitroforge.auto.tfvars.json sets those that come from the spec and the enclave's measurements;
# the ones it leaves unset are the deploy's own (the artifacts' SHA-256, and PCR0 before the image is
# measured): pass them with -var, as README.md's "Apply it" shows.
variable "name" {
  description = "Deployment name; prefixes every resource name. From the spec (name)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}$", var.name))
    error_message = "Lower-case letters, digits and hyphens, 2 to 39 characters, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the deployment. From the spec (region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "An AWS region name such as us-east-1."
  }
}

variable "tags" {
  description = "Tags for every resource (the provider's default_tags). From the spec (tags)."
  type        = map(string)
  default     = {}
}

variable "enclave_pcr0" {
  description = "PCR0 (image measurement) of the enclave image; the data and results keys accept it. `nitroforge generate` writes it into nitroforge.auto.tfvars.json from measurements.json; before the image is measured, pass it with -var."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{96}$", var.enclave_pcr0)) && var.enclave_pcr0 != "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    error_message = "Must be 96 lower-case hex digits (SHA-384), not all zeros (all zeros is a debug-mode enclave)."
  }
}

variable "enclave_extra_pcr0" {
  description = "Further PCR0 values the keys accept while a new image rolls out and the old one drains. From the spec (enclave.extraAllowedPCR0)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for value in var.enclave_extra_pcr0 : can(regex("^[0-9a-f]{96}$", value)) && value != "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"])
    error_message = "Must be 96 lower-case hex digits (SHA-384), not all zeros (all zeros is a debug-mode enclave)."
  }
}

variable "instance_type" {
  description = "Instance type of the consumer hosts (Nitro Enclaves capable). From the spec (enclave.instanceType)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$", var.instance_type))
    error_message = "An EC2 instance type such as m6i.xlarge."
  }
}

variable "consumer_min_size" {
  description = "Fewest consumer hosts. From the spec (scaling.min)."
  type        = number

  validation {
    condition     = var.consumer_min_size >= 0
    error_message = "Must be 0 or more."
  }
}

variable "consumer_max_size" {
  description = "Most consumer hosts. From the spec (scaling.max)."
  type        = number

  validation {
    condition     = var.consumer_max_size >= 1
    error_message = "Must be 1 or more."
  }
}

variable "target_backlog_per_instance" {
  description = "Visible jobs per in-service host that the Auto Scaling group aims for. From the spec (scaling.targetBacklogPerInstance)."
  type        = number

  validation {
    condition     = var.target_backlog_per_instance > 0
    error_message = "Must be more than 0."
  }
}

variable "eif_sha256" {
  description = "SHA-256 of the enclave image file (sha256sum of the EIF). Instances fetch eif/<sha256>.eif from the artifacts bucket and check it. Pass it with -var at apply."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.eif_sha256))
    error_message = "Must be 64 lower-case hex digits."
  }
}

variable "bundle_sha256" {
  description = "SHA-256 of the host bundle (a .tar.gz of the runtimes in bin/ and this folder's enclave/ and host/). Instances fetch bundle/<sha256>.tar.gz from the artifacts bucket and check it. Pass it with -var at apply."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.bundle_sha256))
    error_message = "Must be 64 lower-case hex digits."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the producer's HTTPS listener, in the deployment's region. From the spec (producer.ingress.certificateArn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "Must be an ACM certificate ARN."
  }
}

variable "producer_instance_type" {
  description = "Instance type of the producer instances. nitroforge's default; the spec has no field for it."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$", var.producer_instance_type))
    error_message = "An EC2 instance type such as m6i.xlarge."
  }
}
