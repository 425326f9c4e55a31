# Consumer hosts: Nitro Enclaves-enabled instances in private subnets, scaled on queue backlog per
# instance. The host agent (untrusted) moves ciphertext between SQS, S3 and the enclave (trusted).

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

resource "aws_cloudwatch_log_group" "host" {
  name              = "/nitroforge/${local.name}/host"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.storage.arn
}

resource "aws_cloudwatch_log_group" "enclave" {
  name              = "/nitroforge/${local.name}/enclave"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.storage.arn
}

resource "aws_security_group" "consumer" {
  name        = "${local.name}-consumer"
  description = "Consumer hosts: no inbound traffic, HTTPS out to AWS APIs"
  vpc_id      = local.vpc_id

  egress {
    description = "HTTPS to AWS APIs (VPC endpoints or the NAT gateway)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_launch_template" "consumer" {
  name_prefix            = "${local.name}-consumer-"
  image_id               = data.aws_ssm_parameter.al2023.value
  instance_type          = var.instance_type
  ebs_optimized          = true
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.consumer.id]
  user_data = base64encode(templatefile("${path.module}/host/user-data.sh", {
    artifacts_bucket = aws_s3_bucket.artifacts.id
    eif_sha256       = var.eif_sha256
    bundle_sha256    = var.bundle_sha256
    role             = "consumer"
    config_path      = "/etc/nitroforge/host.yaml"
    config_yaml = templatefile("${path.module}/host/host.yaml", {
      jobs_bucket       = aws_s3_bucket.jobs.id
      jobs_queue_url    = aws_sqs_queue.jobs.id
      storage_key_arn   = aws_kms_key.storage.arn
      host_log_group    = aws_cloudwatch_log_group.host.name
      enclave_log_group = aws_cloudwatch_log_group.enclave.name
    })
  }))

  enclave_options {
    enabled = true
  }

  # IMDSv2 only, one hop: the enclave never reaches the instance metadata service.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  iam_instance_profile {
    arn = aws_iam_instance_profile.consumer.arn
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"

    tags = merge(local.tags, { Name = "${local.name}-consumer" })
  }
}

resource "aws_autoscaling_group" "consumer" {
  name                = "${local.name}-consumer"
  min_size            = var.consumer_min_size
  max_size            = var.consumer_max_size
  vpc_zone_identifier = local.private_subnet_ids
  health_check_type   = "EC2"
  enabled_metrics     = ["GroupInServiceInstances"]

  launch_template {
    id      = aws_launch_template.consumer.id
    version = aws_launch_template.consumer.latest_version
  }

  instance_refresh {
    strategy = "Rolling"
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-consumer"
    propagate_at_launch = true
  }
}

# Keeps the visible jobs per in-service instance near the target: add instances, not code.
resource "aws_autoscaling_policy" "consumer_backlog" {
  name                   = "${local.name}-backlog-per-instance"
  autoscaling_group_name = aws_autoscaling_group.consumer.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = var.target_backlog_per_instance

    customized_metric_specification {
      metrics {
        id          = "visible"
        return_data = false

        metric_stat {
          stat = "Sum"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = aws_sqs_queue.jobs.name
            }
          }
        }
      }

      metrics {
        id          = "instances"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "AWS/AutoScaling"
            metric_name = "GroupInServiceInstances"

            dimensions {
              name  = "AutoScalingGroupName"
              value = aws_autoscaling_group.consumer.name
            }
          }
        }
      }

      metrics {
        id    = "backlog_per_instance"
        label = "Visible jobs per in-service instance"
        # With no instance in service (min size 0), the backlog itself, so the group can scale out from zero.
        expression  = "IF(instances > 0, visible / instances, visible)"
        return_data = true
      }
    }
  }
}
