# What clients and operators need after apply (an external producer fills host/producer.yaml from these).
output "jobs_bucket" {
  description = "Bucket of encrypted jobs (jobs/) and results."
  value       = aws_s3_bucket.jobs.id
}

output "artifacts_bucket" {
  description = "Bucket of enclave images and host bundles."
  value       = aws_s3_bucket.artifacts.id
}

output "logs_bucket" {
  description = "Bucket of access logs and the CloudTrail trail."
  value       = aws_s3_bucket.logs.id
}

output "jobs_queue_url" {
  description = "URL of the jobs queue."
  value       = aws_sqs_queue.jobs.id
}

output "dead_letter_queue_url" {
  description = "URL of the jobs dead-letter queue."
  value       = aws_sqs_queue.jobs_dlq.id
}

output "data_key_arn" {
  description = "Data key: producers encrypt jobs and models under it."
  value       = aws_kms_key.data.arn
}

output "data_key_alias" {
  description = "Alias of the data key, as the enclave resolves it."
  value       = aws_kms_alias.data.name
}

output "results_key_arn" {
  description = "Results key: the enclave encrypts results under it."
  value       = aws_kms_key.results.arn
}

output "results_key_alias" {
  description = "Alias of the results key."
  value       = aws_kms_alias.results.name
}

output "storage_key_arn" {
  description = "Storage key: at-rest encryption of buckets, queues and logs."
  value       = aws_kms_key.storage.arn
}

output "producer_role_arn" {
  description = "Role of the producer."
  value       = aws_iam_role.producer.arn
}

output "consumer_role_arn" {
  description = "Role of the consumer hosts."
  value       = aws_iam_role.consumer.arn
}

output "consumer_autoscaling_group" {
  description = "Auto Scaling group of the consumer hosts."
  value       = aws_autoscaling_group.consumer.name
}

output "producer_log_group" {
  description = "Log group the producer writes to (producer.yaml's logs.logGroup)."
  value       = aws_cloudwatch_log_group.producer.name
}

output "producer_endpoint" {
  description = "Producer URL (point your DNS name for the certificate at it)."
  value       = "https://${aws_lb.producer.dns_name}"
}
