# Alarms (dead-letter queue not empty, oldest job too old, key-policy and alias changes) and the
# CloudTrail trail that records every use and change of the keys.

resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = aws_kms_key.storage.arn
}

resource "aws_cloudwatch_metric_alarm" "dead_letter_queue" {
  alarm_name          = "${local.name}-dead-letter-queue-not-empty"
  alarm_description   = "Jobs failed 3 times and moved to the dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  dimensions = {
    QueueName = aws_sqs_queue.jobs_dlq.name
  }
}

resource "aws_cloudwatch_metric_alarm" "oldest_job" {
  alarm_name          = "${local.name}-oldest-job-age"
  alarm_description   = "The oldest waiting job is older than 1800 seconds: hosts are down or too few."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 1800
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  dimensions = {
    QueueName = aws_sqs_queue.jobs.name
  }
}

resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = "/nitroforge/${local.name}/cloudtrail"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.storage.arn
}

resource "aws_cloudtrail" "main" {
  #checkov:skip=CKV_AWS_252:Per-file delivery notifications add no security signal; the metric filter and alarm on key changes watch the events themselves
  name                          = "${local.name}-trail"
  s3_bucket_name                = aws_s3_bucket.logs.id
  s3_key_prefix                 = "cloudtrail"
  include_global_service_events = true
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.storage.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudtrail.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["${aws_s3_bucket.jobs.arn}/"]
    }
  }

  depends_on = [aws_s3_bucket_policy.logs]
}

# An administrator can still change a key policy; this is what notices.
resource "aws_cloudwatch_log_metric_filter" "key_changes" {
  name           = "${local.name}-key-policy-changes"
  log_group_name = aws_cloudwatch_log_group.cloudtrail.name
  pattern        = "{ ($.eventSource = \"kms.amazonaws.com\") && (($.eventName = \"PutKeyPolicy\") || ($.eventName = \"CreateGrant\") || ($.eventName = \"ScheduleKeyDeletion\") || ($.eventName = \"DisableKey\") || ($.eventName = \"CreateAlias\") || ($.eventName = \"UpdateAlias\") || ($.eventName = \"DeleteAlias\")) && (($.resources[0].ARN = \"${aws_kms_key.data.arn}\") || ($.resources[0].ARN = \"${aws_kms_key.results.arn}\") || ($.resources[0].ARN = \"${aws_kms_key.storage.arn}\") || ($.resources[1].ARN = \"${aws_kms_key.data.arn}\") || ($.resources[1].ARN = \"${aws_kms_key.results.arn}\") || ($.resources[1].ARN = \"${aws_kms_key.storage.arn}\")) }"

  metric_transformation {
    name      = "KeyPolicyOrAliasChanges"
    namespace = "NitroForge/${local.name}"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "key_changes" {
  alarm_name          = "${local.name}-key-policy-or-alias-changed"
  alarm_description   = "PutKeyPolicy, CreateGrant, ScheduleKeyDeletion, DisableKey or an alias change on a nitroforge key."
  namespace           = "NitroForge/${local.name}"
  metric_name         = "KeyPolicyOrAliasChanges"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}
