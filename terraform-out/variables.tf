# Inputs. nitroforge.auto.tfvars.json sets them from the spec and the enclave's measurements;
# `nitroforge deploy` passes eif_sha256 and bundle_sha256 for the artifacts it uploads.
variable "name" {
  description = "Deployment name; prefixes every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}$", var.name))
    error_message = "Lower-case letters, digits and hyphens, 2 to 39 characters, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the deployment."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "An AWS region name such as us-east-1."
  }
}

variable "tags" {
  description = "Tags for every resource (the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "enclave_pcr0" {
  description = "PCR0 (image measurement) of the enclave image, from measurements.json. The data and results keys accept it."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{96}$", var.enclave_pcr0)) && var.enclave_pcr0 != "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    error_message = "Must be 96 lower-case hex digits (SHA-384), not all zeros (all zeros is a debug-mode enclave)."
  }
}

variable "enclave_extra_pcr0" {
  description = "Further PCR0 values the keys accept while a new image rolls out and the old one drains."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for value in var.enclave_extra_pcr0 : can(regex("^[0-9a-f]{96}$", value)) && value != "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"])
    error_message = "Must be 96 lower-case hex digits (SHA-384), not all zeros (all zeros is a debug-mode enclave)."
  }
}

variable "instance_type" {
  description = "Instance type of the consumer hosts (Nitro Enclaves capable)."
  type        = string
}

variable "consumer_min_size" {
  description = "Fewest consumer hosts."
  type        = number

  validation {
    condition     = var.consumer_min_size >= 0
    error_message = "Must be 0 or more."
  }
}

variable "consumer_max_size" {
  description = "Most consumer hosts."
  type        = number

  validation {
    condition     = var.consumer_max_size >= 1
    error_message = "Must be 1 or more."
  }
}

variable "target_backlog_per_instance" {
  description = "Visible jobs per in-service host that the Auto Scaling group aims for."
  type        = number

  validation {
    condition     = var.target_backlog_per_instance > 0
    error_message = "Must be more than 0."
  }
}

variable "eif_sha256" {
  description = "SHA-256 of the enclave image in the artifacts bucket (eif/<sha256>.eif); set by `nitroforge deploy`."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.eif_sha256))
    error_message = "Must be 64 lower-case hex digits."
  }
}

variable "bundle_sha256" {
  description = "SHA-256 of the host bundle in the artifacts bucket (bundle/<sha256>.tar.gz); set by `nitroforge deploy`."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.bundle_sha256))
    error_message = "Must be 64 lower-case hex digits."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the producer's HTTPS listener."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "Must be an ACM certificate ARN."
  }
}

variable "producer_instance_type" {
  description = "Instance type of the producer instances."
  type        = string
}
