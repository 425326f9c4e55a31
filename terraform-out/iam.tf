# Separate roles for the producer and the consumer hosts (separation of duties). Their policies are also
# in policies/producer-role.json and policies/consumer-role.json. The consumer role is held by the
# untrusted parent instance too: what makes it safe is the key policies, which let it use the data and
# results keys only with an attestation of an allowed enclave image.

resource "aws_iam_role" "producer" {
  name        = "${local.name}-producer"
  description = "nitroforge producer: writes encrypted jobs, sends job messages"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EC2AssumesRole"
        Effect = "Allow"
        Principal = {
          Service = "ec2.amazonaws.com"
        }
        Action = ["sts:AssumeRole"]
      },
    ]
  })
}

resource "aws_iam_role_policy" "producer" {
  name = "producer"
  role = aws_iam_role.producer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteJobObjects"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = "${aws_s3_bucket.jobs.arn}/jobs/*"
      },
      {
        Sid      = "ReadBackAndDeleteJobObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:DeleteObject"]
        Resource = "${aws_s3_bucket.jobs.arn}/jobs/*"
      },
      {
        Sid      = "CheckResultObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${aws_s3_bucket.jobs.arn}/results/*"
      },
      {
        Sid      = "SendJobMessages"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
        Resource = aws_sqs_queue.jobs.arn
      },
      {
        Sid      = "GenerateJobDataKeys"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey"]
        Resource = aws_kms_key.data.arn
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:nitroforge:app" = "fraud-scoring"
          }
        }
      },
      {
        Sid      = "EncryptAtRestThroughS3AndSQS"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = aws_kms_key.storage.arn
        Condition = {
          StringEquals = {
            "kms:ViaService" = ["s3.us-east-1.amazonaws.com", "sqs.us-east-1.amazonaws.com"]
          }
        }
      },
      {
        Sid      = "WriteProducerLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.producer.arn}:*"
      },
    ]
  })
}

resource "aws_iam_instance_profile" "producer" {
  name = "${local.name}-producer"
  role = aws_iam_role.producer.name
}

resource "aws_iam_role_policy_attachment" "producer_ssm" {
  role       = aws_iam_role.producer.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role" "consumer" {
  name        = "${local.name}-consumer"
  description = "nitroforge consumer hosts and their enclaves"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EC2AssumesRole"
        Effect = "Allow"
        Principal = {
          Service = "ec2.amazonaws.com"
        }
        Action = ["sts:AssumeRole"]
      },
    ]
  })
}

resource "aws_iam_role_policy" "consumer" {
  name = "consumer"
  role = aws_iam_role.consumer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadJobObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${aws_s3_bucket.jobs.arn}/jobs/*"
      },
      {
        Sid      = "WriteResultObjects"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = "${aws_s3_bucket.jobs.arn}/results/*"
      },
      {
        Sid      = "ReadEnclaveArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${aws_s3_bucket.artifacts.arn}/eif/*", "${aws_s3_bucket.artifacts.arn}/bundle/*"]
      },
      {
        Sid    = "ConsumeJobMessages"
        Effect = "Allow"
        Action = [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
        ]
        Resource = aws_sqs_queue.jobs.arn
      },
      {
        Sid      = "EnclaveUsesDataAndResultsKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:DescribeKey"]
        Resource = [aws_kms_key.data.arn, aws_kms_key.results.arn]
      },
      {
        Sid      = "DecryptAtRestThroughS3AndSQS"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = aws_kms_key.storage.arn
        Condition = {
          StringEquals = {
            "kms:ViaService" = ["s3.us-east-1.amazonaws.com", "sqs.us-east-1.amazonaws.com"]
          }
        }
      },
      {
        Sid      = "WriteHostAndEnclaveLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.host.arn}:*", "${aws_cloudwatch_log_group.enclave.arn}:*"]
      },
      {
        Sid      = "PublishMetrics"
        Effect   = "Allow"
        Action   = ["cloudwatch:PutMetricData"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "cloudwatch:namespace" = "NitroForge"
          }
        }
      },
    ]
  })
}

resource "aws_iam_instance_profile" "consumer" {
  name = "${local.name}-consumer"
  role = aws_iam_role.consumer.name
}

# Session Manager instead of SSH.
resource "aws_iam_role_policy_attachment" "consumer_ssm" {
  role       = aws_iam_role.consumer.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role" "flow_logs" {
  name        = "${local.name}-flow-logs"
  description = "VPC flow logs delivery"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ServiceAssumesRole"
        Effect = "Allow"
        Principal = {
          Service = "vpc-flow-logs.amazonaws.com"
        }
        Action = ["sts:AssumeRole"]
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy" "flow_logs" {
  name = "flow-logs"
  role = aws_iam_role.flow_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteFlowLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = "${aws_cloudwatch_log_group.flow_logs.arn}:*"
      },
    ]
  })
}

resource "aws_iam_role" "cloudtrail" {
  name        = "${local.name}-cloudtrail"
  description = "CloudTrail delivery to CloudWatch Logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ServiceAssumesRole"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action = ["sts:AssumeRole"]
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy" "cloudtrail" {
  name = "cloudtrail-logs"
  role = aws_iam_role.cloudtrail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DeliverTrailToLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
      },
    ]
  })
}
